using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Samtale.Tests.Infrastructure;
using Samtale.Tests.Messaging;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Web;

namespace Samtale.Tests.Accounts;

/// <summary>The sign-in cookie carries the session id and nothing else: no name, role or municipality.</summary>
public sealed class SessionCookieTests
{
    [Fact]
    public async Task SignInCookies_OfStaffAndCitizens_HoldOnlyTheSessionId()
    {
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        var format = app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(AuthSetup.Scheme).TicketDataFormat;

        foreach (var browser in new[] { w.AnnasBrowser, w.LivasPhone })
        {
            var cookie = app.CookiesOf(browser).GetCookies(ProductApp.BaseAddress)[AuthSetup.CookieName]!.Value;
            var ticket = format.Unprotect(cookie)!;
            var claim = Assert.Single(ticket.Principal.Claims);
            Assert.Equal(SamtaleClaims.Session, claim.Type);
            Assert.DoesNotContain("Display anna", cookie, StringComparison.Ordinal);

            // And the person is still fully known to the request: name, municipality and all.
            var inbox = await Chat.InboxAsync(browser);
            Assert.NotEmpty(inbox);
        }
    }
}
