using System.Net;
using Samtale.Tests.Infrastructure;
using Samtale.Web.Features.Accounts;

namespace Samtale.Tests.Web;

public sealed class SecurityHeadersTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/Accounts/SignIn")]
    [InlineData("/health/live")]
    [InlineData("/api/me")]
    [InlineData("/no-such-page")]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string path)
    {
        await using var app = await ProductApp.StartAsync();

        var response = await app.Anonymous().GetAsync(path);

        var csp = Header(response, "Content-Security-Policy");
        var directives = csp.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("default-src 'self'", directives);
        Assert.Contains("frame-ancestors 'none'", directives);
        Assert.Contains("object-src 'none'", directives);
        Assert.Contains("base-uri 'self'", directives);
        Assert.DoesNotContain("'unsafe-inline'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("'unsafe-eval'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal("same-origin", Header(response, "Cross-Origin-Opener-Policy"));
        Assert.Contains("geolocation=()", Header(response, "Permissions-Policy"), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("X-XSS-Protection"));
    }

    [Fact]
    public async Task AuthCookie_FromTheRealSignIn_IsHostPrefixedSecureHttpOnlyAndStrict()
    {
        await using var app = await ProductApp.StartAsync();
        await app.CreateStaffAsync(await app.CreateMunicipalityAsync("Nordby Kommune"), "anna", StaffRoles.Staff);
        var browser = app.Anonymous();
        await Forms.SubmitAsync(browser, "/Accounts/SignIn", new() { ["UserName"] = "anna", ["Password"] = ProductApp.Password });
        app.Clock.Advance(TimeSpan.FromSeconds(30));

        var response = await Forms.SubmitAsync(browser, "/Accounts/SecondFactor", new() { ["Code"] = app.TotpCode("anna") });

        await HttpAssert.StatusAsync(HttpStatusCode.Redirect, response);
        var cookie = Assert.Single(SetCookies(response), c => c.StartsWith(AuthSetup.CookieName + "=", StringComparison.Ordinal));
        Assert.StartsWith("__Host-", AuthSetup.CookieName, StringComparison.Ordinal);
        var attributes = cookie.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(a => a.ToLowerInvariant()).ToList();
        Assert.Contains("secure", attributes);
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=strict", attributes);
        Assert.Contains("path=/", attributes);
        Assert.DoesNotContain(attributes, a => a.StartsWith("domain=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EveryCookieThePagesSet_IsHostPrefixedAndSecure()
    {
        await using var app = await ProductApp.StartAsync();
        await app.CreateStaffAsync(await app.CreateMunicipalityAsync("Nordby Kommune"), "anna", StaffRoles.Staff);
        var browser = app.Anonymous();
        var cookies = new List<string>();

        var signIn = await browser.GetAsync("/Accounts/SignIn");
        cookies.AddRange(SetCookies(signIn));
        cookies.AddRange(SetCookies(await Forms.SubmitAsync(browser, "/Accounts/SignIn", new() { ["UserName"] = "anna", ["Password"] = ProductApp.Password })));

        Assert.NotEmpty(cookies);
        Assert.All(cookies, c =>
        {
            Assert.StartsWith("__Host-", c, StringComparison.Ordinal);
            Assert.Contains("secure", c.ToLowerInvariant().Split(';', StringSplitOptions.TrimEntries));
        });
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values)
        : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(", ", content)
        : throw new Xunit.Sdk.XunitException($"{name} missing on {(int)response.StatusCode} {response.RequestMessage?.RequestUri?.PathAndQuery}");

    private static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];
}
