using System.Net;
using Microsoft.EntityFrameworkCore;
using Samtale.Tests.Infrastructure;
using Samtale.Web.Features.Accounts;

namespace Samtale.Tests.Accounts;

/// <summary>The real sign-in pages, driven as a browser would: password, then the TOTP code.</summary>
public sealed class StaffSignInPagesTests
{
    [Fact]
    public async Task StaffMember_WithPasswordAndTotpCode_GetsASessionThatOpensTheApi()
    {
        await using var app = await ProductApp.StartAsync();
        await app.CreateStaffAsync(await app.CreateMunicipalityAsync("Nordby Kommune"), "anna", StaffRoles.Staff);
        var browser = app.Anonymous();

        var password = await Forms.SubmitAsync(browser, "/Accounts/SignIn", new() { ["UserName"] = "Anna", ["Password"] = ProductApp.Password });
        await HttpAssert.StatusAsync(HttpStatusCode.Redirect, password);
        Assert.Equal("/Accounts/SecondFactor", password.Headers.Location?.OriginalString);
        await HttpAssert.StatusAsync(HttpStatusCode.Unauthorized, await browser.GetAsync("/api/me"));

        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var code = await Forms.SubmitAsync(browser, "/Accounts/SecondFactor", new() { ["Code"] = app.TotpCode("anna") });

        await HttpAssert.StatusAsync(HttpStatusCode.Redirect, code);
        Assert.Equal("/Staff", code.Headers.Location?.OriginalString);
        await HttpAssert.StatusAsync(HttpStatusCode.OK, await browser.GetAsync("/api/me"));
    }

    [Fact]
    public async Task SecondFactorPage_WrongCode_IsRefusedWithoutASession()
    {
        await using var app = await ProductApp.StartAsync();
        await app.CreateStaffAsync(await app.CreateMunicipalityAsync("Nordby Kommune"), "anna", StaffRoles.Staff);
        var browser = app.Anonymous();
        await Forms.SubmitAsync(browser, "/Accounts/SignIn", new() { ["UserName"] = "anna", ["Password"] = ProductApp.Password });
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var right = app.TotpCode("anna");
        var wrong = right == "000000" ? "111111" : "000000";

        var response = await Forms.SubmitAsync(browser, "/Accounts/SecondFactor", new() { ["Code"] = wrong });

        await HttpAssert.StatusAsync(HttpStatusCode.BadRequest, response);
        await HttpAssert.StatusAsync(HttpStatusCode.Unauthorized, await browser.GetAsync("/api/me"));
    }

    [Fact]
    public async Task SignInForm_PostedWithoutAntiforgeryToken_Is400AndCountsNoAttempt()
    {
        await using var app = await ProductApp.StartAsync();
        var anna = await app.CreateStaffAsync(await app.CreateMunicipalityAsync("Nordby Kommune"), "anna", StaffRoles.Staff);
        var before = await DbSnapshot.TakeAsync(app);

        var response = await app.Anonymous().PostAsync("/Accounts/SignIn", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "anna",
            ["Password"] = "forkert-hest-batteri",
        }));

        await HttpAssert.StatusAsync(HttpStatusCode.BadRequest, response);
        Assert.Equal(before, await DbSnapshot.TakeAsync(app));
        Assert.Equal(0, await app.DbAsync(db => db.StaffAccounts.Where(a => a.Id == anna.Id).Select(a => a.FailedSignIns).SingleAsync()));
    }
}
