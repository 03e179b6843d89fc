using System.Net;
using Samtale.Tests.Infrastructure;
using Samtale.Web.Features.Accounts;

namespace Samtale.Tests.Citizens;

public sealed class DeviceRevocationTests
{
    [Fact]
    public async Task RevokedDevice_NextRequest_IsUnauthorisedWhileTheOtherDeviceStaysSignedIn()
    {
        await using var app = await ProductApp.StartAsync();
        var town = await app.CreateMunicipalityAsync("Nordby Kommune");
        await app.CreateStaffAsync(town, "nordby.admin", StaffRoles.MunicipalityAdmin);
        var liva = await app.CreateCitizenAsync(town, "Liva");
        var (lostPhone, lostPhoneId) = await app.SignInCitizenAsync(liva);
        var (tablet, _) = await app.SignInCitizenAsync(liva);
        using var admin = await app.SignInStaffAsync("nordby.admin");
        await HttpAssert.StatusAsync(HttpStatusCode.OK, await lostPhone.GetAsync("/api/citizen/contacts"));

        await HttpAssert.StatusAsync(HttpStatusCode.NoContent, await admin.PostAsync($"/api/admin/devices/{lostPhoneId}/revoke", null));

        await HttpAssert.StatusAsync(HttpStatusCode.Unauthorized, await lostPhone.GetAsync("/api/citizen/contacts"));
        await HttpAssert.StatusAsync(HttpStatusCode.OK, await tablet.GetAsync("/api/citizen/contacts"));
    }

    [Fact]
    public async Task RevokedDevice_IsListedAsRevokedToTheAdministrator()
    {
        await using var app = await ProductApp.StartAsync();
        var town = await app.CreateMunicipalityAsync("Nordby Kommune");
        await app.CreateStaffAsync(town, "nordby.admin", StaffRoles.MunicipalityAdmin);
        var liva = await app.CreateCitizenAsync(town, "Liva");
        var (_, phoneId) = await app.SignInCitizenAsync(liva);
        using var admin = await app.SignInStaffAsync("nordby.admin");

        await HttpAssert.StatusAsync(HttpStatusCode.NoContent, await admin.PostAsync($"/api/admin/devices/{phoneId}/revoke", null));
        var devices = await HttpAssert.JsonAsync<List<ListedDevice>>(await admin.GetAsync($"/api/admin/citizens/{liva.Id}/devices"));

        var device = Assert.Single(devices);
        Assert.Equal(phoneId, device.Id);
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, device.RevokedAt);
    }

    /// <summary>The fields of the device list this test reads.</summary>
    private sealed record ListedDevice(Guid Id, DateTime? RevokedAt);
}
