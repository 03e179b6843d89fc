using System.Globalization;
using Microsoft.Playwright;
using Samtale.BrowserTests.Infrastructure;
using Samtale.Web.Features.Accounts;
using static Microsoft.Playwright.Assertions;

namespace Samtale.BrowserTests;

/// <summary>
/// axe-core finds no WCAG 2.1 A/AA violation on the messaging pages, each in the state that has the most
/// on it: an inbox with unread conversations, a conversation with a photo and an auto-reply, search
/// results, the group message before and after sending, the absence notice, and the citizen's side.
/// Each page is checked at desktop and phone width.
/// </summary>
public sealed class ConversationPagesAccessibilityTests(LiveSite site) : IClassFixture<LiveSite>
{
    private const string AbsenceText = "Jeg er på kursus til og med fredag. Haster det, så ring til borgerservice.";

    private readonly AccessibilityCheck _check = new();

    [Fact]
    public async Task EveryMessagingPage_WithMessagesPhotosAndUnread_HasNoWcagViolations()
    {
        var app = site.App;
        var municipality = await app.MunicipalityAsync("Midtby Kommune");
        var staffAccount = await app.AccountAsync(municipality, "maja", "Maja Mortensen", StaffRoles.Staff);
        await app.EnrolTotpAsync(staffAccount, site.Authenticator);
        var niels = await app.CitizenAsync(municipality, "Niels Ovesen");
        await app.LinkAsync(niels, staffAccount, null, "SAG-2026-0601");
        var oda = await app.CitizenAsync(municipality, "Oda Prip");
        await app.LinkAsync(oda, staffAccount, null, "SAG-2026-0602");
        var code = await app.EnrolmentCodeAsync(niels);

        await using var desk = await site.NewPersonAsync(withAxe: true);
        var staff = await desk.NewPageAsync();
        await staff.SignInAsync(site.Authenticator, "maja", Seed.Password);
        await staff.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Autosvar" }).ClickAsync();
        await _check.PageAsync(staff, "staff-absence");
        var today = DateTime.UtcNow.Date;
        await staff.Locator("#From").FillAsync(today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await staff.Locator("#To").FillAsync(today.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await staff.Locator("#Text").FillAsync(AbsenceText);
        await staff.GetByRole(AriaRole.Button, new() { Name = "Gem autosvar" }).ClickAsync();
        await Expect(staff.GetByRole(AriaRole.Status)).ToHaveTextAsync("Dit autosvar er slået til nu.");
        await _check.PageAsync(staff, "staff-absence-active");
        await staff.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Notifikationer" }).ClickAsync();
        await _check.PageAsync(staff, "staff-notifications");

        // The citizen writes during the absence, gets the auto-reply, and sends a photo.
        await using var phone = await site.NewPersonAsync(AccessibilityCheck.Phone, withAxe: true);
        var citizen = await phone.NewPageAsync();
        await citizen.EnrolAsync(code);
        await citizen.OpenLiveAsync(() => citizen.Locator("a.contact").ClickAsync());
        await _check.PageAsync(citizen, "citizen-chat-empty");
        await citizen.WriteAsync("Hej Maja, jeg har fået et brev fra jer, som jeg ikke forstår.");
        await Expect(citizen.Theirs(AbsenceText).Locator(".tag")).ToHaveTextAsync("Autosvar");
        var chooser = await citizen.RunAndWaitForFileChooserAsync(() => citizen.GetByText("Vedhæft", new() { Exact = true }).ClickAsync());
        await chooser.SetFilesAsync(new FilePayload { Name = "brev.jpg", MimeType = "image/jpeg", Buffer = GpsPhoto.Create() });
        await citizen.Locator("#Text").FillAsync("Her er brevet");
        await citizen.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        await Expect(citizen.Mine("Her er brevet").Locator("img.preview")).Not.ToHaveJSPropertyAsync("naturalWidth", 0);
        await _check.PageAsync(citizen, "citizen-chat");
        await citizen.GetByRole(AriaRole.Link, new() { Name = "← Mine kontakter" }).ClickAsync();
        await Expect(citizen.Locator("a.contact .badge")).ToHaveCountAsync(0);

        // The staff member comes back to an inbox with an unread conversation.
        await staff.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Indbakke" }).ClickAsync();
        var unread = staff.Locator("ul.inbox li.unread");
        await Expect(unread).ToContainTextAsync("Niels Ovesen");
        await Expect(unread.Locator(".badge")).ToHaveTextAsync("2 ulæste");
        await _check.PageAsync(staff, "staff-inbox-unread");

        await staff.OpenLiveAsync(() => unread.Locator("a").ClickAsync());
        await Expect(staff.Theirs("Her er brevet").Locator("img.preview")).Not.ToHaveJSPropertyAsync("naturalWidth", 0);
        await Expect(staff.Mine(AbsenceText).Locator(".tag")).ToHaveTextAsync("Autosvar");
        await _check.PageAsync(staff, "staff-conversation");

        await staff.Locator("#q").FillAsync("brev");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Søg", Exact = true }).ClickAsync();
        await Expect(staff.GetByRole(AriaRole.Status)).ToHaveTextAsync("Fundne beskeder: 2");
        await _check.PageAsync(staff, "staff-search");

        await staff.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Gruppebesked" }).ClickAsync();
        await _check.PageAsync(staff, "staff-group-message");
        await staff.GetByRole(AriaRole.Checkbox, new() { Name = "Niels Ovesen" }).CheckAsync();
        await staff.GetByRole(AriaRole.Checkbox, new() { Name = "Oda Prip" }).CheckAsync();
        await staff.Locator("#Text").FillAsync("Jeg er tilbage på mandag og svarer så hurtigt, jeg kan.");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Send til de valgte" }).ClickAsync();
        await Expect(staff.GetByRole(AriaRole.Status)).ToHaveTextAsync("Beskeden er sendt. Modtagere: 2.");
        await _check.PageAsync(staff, "staff-group-message-sent");

        // The group message waits for the citizen as an unread badge on their contacts.
        await citizen.ReloadAsync();
        await Expect(citizen.Locator("a.contact .badge")).ToHaveTextAsync("1 ulæste");
        await _check.PageAsync(citizen, "citizen-home-unread");
        await citizen.Locator("main a[href='/Notifications']").ClickAsync();
        await _check.PageAsync(citizen, "citizen-notifications");

        _check.AssertNoViolations();
        site.AssertNoBrowserErrors();
    }
}
