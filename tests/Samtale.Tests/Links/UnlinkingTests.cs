using System.Net;
using Samtale.Tests.Infrastructure;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Citizens;

namespace Samtale.Tests.Links;

public sealed class UnlinkingTests
{
    [Fact]
    public async Task RemovedLink_TakesEffectOnTheNextCheck()
    {
        await using var app = await ProductApp.StartAsync();
        var town = await app.CreateMunicipalityAsync("Nordby Kommune");
        await app.CreateStaffAsync(town, "nordby.admin", StaffRoles.MunicipalityAdmin);
        var anna = await app.CreateStaffAsync(town, "anna", StaffRoles.Staff);
        var liva = await app.CreateCitizenAsync(town, "Liva");
        var link = await app.LinkAsync(liva, staff: anna);
        var (livasPhone, _) = await app.SignInCitizenAsync(liva);
        using var admin = await app.SignInStaffAsync("nordby.admin");
        Assert.True(await app.MayReachAsync(liva, anna));
        Assert.Equal([anna.Id], await ContactIdsAsync(livasPhone));

        await HttpAssert.StatusAsync(HttpStatusCode.NoContent, await admin.DeleteAsync($"/api/admin/links/{link.Id}"));

        Assert.False(await app.MayReachAsync(liva, anna));
        Assert.Empty(await ContactIdsAsync(livasPhone));
    }

    [Fact]
    public async Task RemovedLink_SecondRemoval_Is404()
    {
        await using var app = await ProductApp.StartAsync();
        var town = await app.CreateMunicipalityAsync("Nordby Kommune");
        await app.CreateStaffAsync(town, "nordby.admin", StaffRoles.MunicipalityAdmin);
        var anna = await app.CreateStaffAsync(town, "anna", StaffRoles.Staff);
        var link = await app.LinkAsync(await app.CreateCitizenAsync(town, "Liva"), staff: anna);
        using var admin = await app.SignInStaffAsync("nordby.admin");

        await HttpAssert.StatusAsync(HttpStatusCode.NoContent, await admin.DeleteAsync($"/api/admin/links/{link.Id}"));
        await HttpAssert.StatusAsync(HttpStatusCode.NotFound, await admin.DeleteAsync($"/api/admin/links/{link.Id}"));
    }

    internal static async Task<List<Guid>> ContactIdsAsync(HttpClient citizen) =>
        (await HttpAssert.JsonAsync<List<ContactDto>>(await citizen.GetAsync("/api/citizen/contacts"))).Select(c => c.StaffAccountId).ToList();
}
