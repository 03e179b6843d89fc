using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Samtale.Tests.Infrastructure;
using Samtale.Web.Features.Accounts;

namespace Samtale.Tests.Notifications;

/// <summary>The server posts to whatever endpoint a subscription names, so it accepts only real push services.</summary>
public sealed class PushSubscriptionTests
{
    private static object Subscription(string endpoint) => new
    {
        endpoint,
        keys = new { p256dh = "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM", auth = "tBHItJI5svbpez7KI4CCXg" },
    };

    [Theory]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("http://fcm.googleapis.com/fcm/send/x")]
    [InlineData("https://fcm.googleapis.com.evil.example/fcm/send/x")]
    [InlineData("https://localhost:5432/")]
    [InlineData("not a url")]
    public async Task Citizen_SubscribesWithEndpointOutsidePushServices_IsRefusedAndNothingStored(string endpoint)
    {
        await using var app = await ProductApp.StartAsync();
        var town = await app.CreateMunicipalityAsync("Nordby Kommune");
        var liva = await app.CreateCitizenAsync(town, "Liva");
        var (citizen, _) = await app.SignInCitizenAsync(liva);

        var response = await citizen.PostAsJsonAsync("/api/push/subscriptions", Subscription(endpoint));

        await HttpAssert.StatusAsync(HttpStatusCode.BadRequest, response);
        Assert.Equal(0, await app.DbAsync(db => db.WebPushSubscriptions.CountAsync()));
    }

    [Fact]
    public async Task CitizenDevice_IsRevoked_ItsPushSubscriptionIsGone()
    {
        await using var app = await ProductApp.StartAsync();
        var town = await app.CreateMunicipalityAsync("Nordby Kommune");
        await app.CreateStaffAsync(town, "nordby.admin", StaffRoles.MunicipalityAdmin);
        var liva = await app.CreateCitizenAsync(town, "Liva");
        var (citizen, deviceId) = await app.SignInCitizenAsync(liva);
        await HttpAssert.StatusAsync(HttpStatusCode.Created, await citizen.PostAsJsonAsync("/api/push/subscriptions", Subscription("https://fcm.googleapis.com/fcm/send/livas-phone")));
        var admin = await app.SignInStaffAsync("nordby.admin");

        await HttpAssert.StatusAsync(HttpStatusCode.NoContent, await admin.PostAsync($"/api/admin/devices/{deviceId}/revoke", null));

        Assert.Equal(0, await app.DbAsync(db => db.WebPushSubscriptions.CountAsync()));
    }
}
