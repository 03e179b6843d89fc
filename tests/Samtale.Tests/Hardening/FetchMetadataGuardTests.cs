using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Samtale.Tests.Infrastructure;
using Samtale.Web.Features.Accounts;

namespace Samtale.Tests.Hardening;

/// <summary>
/// A page on a sibling subdomain is "same site" for cookies; browsers mark its requests with
/// Sec-Fetch-Site, and Samtale refuses state changes that do not come from its own origin.
/// </summary>
public sealed class FetchMetadataGuardTests
{
    [Theory]
    [InlineData("same-site")]
    [InlineData("cross-site")]
    public async Task StateChange_FromAnotherOrigin_IsRefusedAndNothingChanges(string site)
    {
        await using var app = await ProductApp.StartAsync();
        var town = await app.CreateMunicipalityAsync("Nordby Kommune");
        await app.CreateStaffAsync(town, "nordby.admin", StaffRoles.MunicipalityAdmin);
        var admin = await app.SignInStaffAsync("nordby.admin");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/citizens") { Content = JsonContent.Create(new { displayName = "Snyd" }) };
        request.Headers.Add("Sec-Fetch-Site", site);

        var response = await admin.SendAsync(request);

        await HttpAssert.StatusAsync(HttpStatusCode.Forbidden, response);
        Assert.Equal(0, await app.DbAsync(db => db.Citizens.CountAsync()));
    }

    [Fact]
    public async Task StateChange_FromOwnOrigin_IsServed()
    {
        await using var app = await ProductApp.StartAsync();
        var town = await app.CreateMunicipalityAsync("Nordby Kommune");
        await app.CreateStaffAsync(town, "nordby.admin", StaffRoles.MunicipalityAdmin);
        var admin = await app.SignInStaffAsync("nordby.admin");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/citizens") { Content = JsonContent.Create(new { displayName = "Liva" }) };
        request.Headers.Add("Sec-Fetch-Site", "same-origin");

        await HttpAssert.StatusAsync(HttpStatusCode.Created, await admin.SendAsync(request));
    }
}
