using System.Globalization;
using System.Net.Http.Json;
using Samtale.Tests.Infrastructure;
using Samtale.Tests.Notifications;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Messaging;
using Samtale.Web.Features.Notifications;

namespace Samtale.Tests.Visits;

/// <summary>
/// Every signed-in page keeps a call-hub connection open so the device can ring. That connection must not
/// count as "has Samtale open" for message notifications: only an open conversation does.
/// </summary>
public sealed class CallListenerAndNotificationsTests
{
    [Fact]
    public async Task CitizenListeningForCallsOnly_GetsAMessage_TheEmailNoticeStillGoesOut()
    {
        await using var smtp = new TestSmtpServer();
        await using var app = await ProductApp.StartAsync(new Dictionary<string, string?>
        {
            ["Notifications:Smtp:Host"] = "127.0.0.1",
            ["Notifications:Smtp:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Notifications:Smtp:Security"] = "None",
        });
        var town = await app.CreateMunicipalityAsync("Nordby Kommune");
        var anna = await app.CreateStaffAsync(town, "anna", StaffRoles.Staff);
        var liva = await app.CreateCitizenAsync(town, "Liva Lauridsen");
        await app.LinkAsync(liva, staff: anna);
        await app.DbAsync(db =>
        {
            db.NotificationSettings.Add(new NotificationSettings { PersonId = liva.Id, TenantId = town.Id, Email = "borger-3@example.dk", EmailEnabled = true });
            return db.SaveChangesAsync();
        });
        var (phone, _) = await app.SignInCitizenAsync(liva);
        await using var ringer = await Visits.CallConnection.OpenAsync(app, phone);
        var staff = await app.SignInStaffAsync("anna");
        var inbox = await HttpAssert.JsonAsync<List<InboxEntry>>(await staff.GetAsync("/api/conversations"));

        await HttpAssert.SuccessAsync(await staff.PostAsJsonAsync($"/api/conversations/{inbox.Single().ConversationId}/messages", new { clientKey = "k1", text = "Hej Liva" }));

        Assert.Equal("borger-3@example.dk", Assert.Single(await smtp.WaitForAsync(1)).To.Mailboxes.Single().Address);
    }
}
