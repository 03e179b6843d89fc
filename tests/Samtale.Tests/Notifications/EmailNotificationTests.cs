using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Samtale.Tests.Infrastructure;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Messaging;
using Samtale.Web.Features.Notifications;

namespace Samtale.Tests.Notifications;

/// <summary>E-mail notifications go through a real SMTP server and say only that a message is waiting.</summary>
public sealed class EmailNotificationTests
{
    [Fact]
    public async Task StaffWritesToOfflineCitizen_CitizenChoseEmail_SmtpServerGetsNoticeWithoutContent()
    {
        await using var smtp = new TestSmtpServer();
        await using var app = await ProductApp.StartAsync(new Dictionary<string, string?>
        {
            ["Notifications:Smtp:Host"] = "127.0.0.1",
            ["Notifications:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Notifications:Smtp:Security"] = "None",
            ["Notifications:PublicUrl"] = "https://samtale.nordby.dk",
        });
        var town = await app.CreateMunicipalityAsync("Nordby Kommune");
        var anna = await app.CreateStaffAsync(town, "anna", StaffRoles.Staff);
        var liva = await app.CreateCitizenAsync(town, "Liva Lauridsen");
        await app.LinkAsync(liva, staff: anna, caseReference: "SAG-2026-0777");
        await app.DbAsync(db =>
        {
            db.NotificationSettings.Add(new NotificationSettings { PersonId = liva.Id, TenantId = town.Id, Email = "borger-17@example.dk", EmailEnabled = true });
            return db.SaveChangesAsync();
        });
        var staff = await app.SignInStaffAsync("anna");
        var inbox = await HttpAssert.JsonAsync<List<InboxEntry>>(await staff.GetAsync("/api/conversations"));

        var sent = await staff.PostAsJsonAsync($"/api/conversations/{inbox.Single().ConversationId}/messages",
            new { clientKey = "k1", text = "Dit møde om anbringelsen er flyttet til torsdag kl. 10" });

        await HttpAssert.SuccessAsync(sent);
        var mail = Assert.Single(await smtp.WaitForAsync(1));
        Assert.Equal("borger-17@example.dk", mail.To.Mailboxes.Single().Address);
        var everything = mail.Subject + "\n" + mail.TextBody + "\n" + string.Join("\n", mail.Headers.Select(h => h.Value));
        Assert.Contains("ny besked", everything, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("https://samtale.nordby.dk/", mail.TextBody, StringComparison.Ordinal);
        foreach (var secret in new[] { "anbringelsen", "torsdag", "Liva", "Lauridsen", anna.DisplayName, "SAG-2026-0777", "Nordby Kommune" })
        {
            Assert.DoesNotContain(secret, everything, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task CitizenWithoutEmailChoice_GetsMessage_NoMailIsSent()
    {
        await using var smtp = new TestSmtpServer();
        await using var app = await ProductApp.StartAsync(new Dictionary<string, string?>
        {
            ["Notifications:Smtp:Host"] = "127.0.0.1",
            ["Notifications:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Notifications:Smtp:Security"] = "None",
        });
        var town = await app.CreateMunicipalityAsync("Nordby Kommune");
        var anna = await app.CreateStaffAsync(town, "anna", StaffRoles.Staff);
        var liva = await app.CreateCitizenAsync(town, "Liva");
        await app.LinkAsync(liva, staff: anna);
        var staff = await app.SignInStaffAsync("anna");
        var inbox = await HttpAssert.JsonAsync<List<InboxEntry>>(await staff.GetAsync("/api/conversations"));

        await HttpAssert.SuccessAsync(await staff.PostAsJsonAsync($"/api/conversations/{inbox.Single().ConversationId}/messages", new { clientKey = "k1", text = "Hej" }));
        await Task.Delay(500);

        Assert.Empty(smtp.Received);
    }
}
