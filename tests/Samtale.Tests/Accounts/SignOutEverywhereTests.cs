using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Samtale.Tests.Infrastructure;
using Samtale.Web.Features.Accounts;

namespace Samtale.Tests.Accounts;

public sealed class SignOutEverywhereTests
{
    [Fact]
    public async Task EverySessionOfTheUser_AfterSignOutEverywhere_IsRefusedOnItsNextRequest()
    {
        await using var app = await ProductApp.StartAsync();
        var town = await app.CreateMunicipalityAsync("Nordby Kommune");
        var anna = await app.CreateStaffAsync(town, "anna", StaffRoles.Staff);
        await app.CreateStaffAsync(town, "bo", StaffRoles.Staff);
        using var annasLaptop = await app.SignInStaffAsync("anna");
        using var annasPhone = await app.SignInStaffAsync("anna");
        using var bo = await app.SignInStaffAsync("bo");
        await HttpAssert.StatusAsync(HttpStatusCode.OK, await annasLaptop.GetAsync("/api/me"));
        await HttpAssert.StatusAsync(HttpStatusCode.OK, await annasPhone.GetAsync("/api/me"));

        var ended = await app.InScopeAsync(sp => sp.GetRequiredService<SessionStore>().EndAllForAsync(anna.Id, "signed-out-everywhere", default));

        Assert.Equal(2, ended);
        await HttpAssert.StatusAsync(HttpStatusCode.Unauthorized, await annasLaptop.GetAsync("/api/me"));
        await HttpAssert.StatusAsync(HttpStatusCode.Unauthorized, await annasPhone.GetAsync("/api/me"));
        await HttpAssert.StatusAsync(HttpStatusCode.OK, await bo.GetAsync("/api/me"));
    }
}
