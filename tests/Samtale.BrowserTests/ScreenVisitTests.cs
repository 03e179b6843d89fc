using Microsoft.Playwright;
using Samtale.BrowserTests.Infrastructure;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Visits;
using static Microsoft.Playwright.Assertions;

namespace Samtale.BrowserTests;

/// <summary>
/// A screen visit between a staff member's desktop and a citizen's phone, two Chromium contexts with the
/// fake camera: rung from the conversation, answered from the ringing dialog, video both ways, and the
/// hang-up written to the call log with its duration, where the staff member adds a note. A planned visit
/// through the waiting room, and one with a guest link: staff, citizen and guest in three contexts, a mesh
/// call with video from each to each.
/// </summary>
public sealed class ScreenVisitTests(DirectCallSite site) : IClassFixture<DirectCallSite>
{
    [Fact]
    public async Task StaffRingsCitizen_VideoFlowsBothWays_HangingUpLogsTheCallWithItsDuration()
    {
        var axe = new AccessibilityCheck();
        var (staff, citizen) = await CallSteps.StartAnsweredCallAsync(site, "direct", axe);

        var atCitizen = await citizen.ReceivesMediaAsync();
        var atStaff = await staff.ReceivesMediaAsync();
        Assert.True(atCitizen.Video > 0 && atStaff.Video > 0, $"video bytes: citizen {atCitizen.Video}, staff {atStaff.Video}");
        await Expect(staff.Locator("#call-quality")).ToBeVisibleAsync();
        await axe.PageAsync(citizen, "call-citizen");
        await axe.PageAsync(staff, "call-staff");

        await staff.GetByRole(AriaRole.Button, new() { Name = "Læg på" }).ClickAsync();
        await Expect(citizen.Locator("#call-status")).ToHaveTextAsync("Skærmbesøget er slut.");
        await Expect(staff.Locator("#call")).ToHaveAttributeAsync("data-state", "ended");

        var record = Assert.Single(await site.App.CallsAsync(), c => !c.Planned);
        Assert.Equal(CallEndReason.Completed, record.EndReason);
        Assert.NotNull(record.AnsweredAt);
        Assert.NotNull(record.DurationSeconds);
        Assert.Equal((int)Math.Round((record.EndedAt!.Value - record.AnsweredAt!.Value).TotalSeconds), record.DurationSeconds);

        await staff.GotoAsync("/Visits");
        var entry = staff.Locator($"#call-{record.Id}");
        await Expect(entry.Locator(".outcome")).ToHaveTextAsync("Gennemført");
        await entry.GetByLabel("Notat").FillAsync("Talt om næste møde.");
        await entry.GetByRole(AriaRole.Button, new() { Name = "Gem notat" }).ClickAsync();
        await Expect(staff.GetByRole(AriaRole.Status)).ToHaveTextAsync("Notatet er gemt.");
        await Expect(staff.Locator($"#call-{record.Id}").GetByLabel("Notat")).ToHaveValueAsync("Talt om næste møde.");
        await axe.PageAsync(staff, "call-log");

        axe.AssertNoViolations();
        site.AssertNoBrowserErrors();
    }

    [Fact]
    public async Task PlannedVisit_CitizenWaitsInTheWaitingRoom_StaffHearsTheKnockAndLetsThemIn_VideoBothWays()
    {
        var app = site.App;
        var municipality = await app.MunicipalityAsync("Planby Kommune");
        var anna = await app.AccountAsync(municipality, "anna.plan", "Anna Plan", StaffRoles.Staff);
        await app.EnrolTotpAsync(anna, site.Authenticator);
        var bo = await app.CitizenAsync(municipality, "Bo Venter");
        await app.LinkAsync(bo, anna, null, "SAG-2026-0402");
        var code = await app.EnrolmentCodeAsync(bo);
        var axe = new AccessibilityCheck();

        var desk = await site.NewPersonAsync(AccessibilityCheck.Desktop, withAxe: true);
        var staff = await desk.NewPageAsync();
        await staff.SignInAsync(site.Authenticator, anna.UserName, Seed.Password);
        await staff.GotoAsync("/Visits");
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen");
        var start = TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow.AddMinutes(5), zone);
        await staff.GetByLabel("Borger", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Bo Venter" });
        await staff.GetByLabel("Dato og klokkeslæt").FillAsync(start.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await staff.GetByLabel("Varighed i minutter").FillAsync("30");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Planlæg skærmbesøg" }).ClickAsync();
        await Expect(staff.GetByRole(AriaRole.Status)).ToHaveTextAsync("Skærmbesøget er planlagt. Borgeren kan se det i Samtale.");
        await axe.PageAsync(staff, "visits-staff");

        var phone = await site.NewPersonAsync(AccessibilityCheck.Phone, withAxe: true);
        var citizen = await phone.NewPageAsync();
        await citizen.EnrolAsync(code);
        await axe.PageAsync(citizen, "citizen-home-with-visit");
        await citizen.GetByRole(AriaRole.Link, new() { Name = "Gå ind i venteværelset" }).ClickAsync();
        await Expect(citizen.Locator("#call")).ToHaveAttributeAsync("data-state", "waiting");
        await Expect(citizen.Locator("#call-status")).ToHaveTextAsync("Du er i venteværelset. Du bliver lukket ind om lidt.");
        await axe.PageAsync(citizen, "waiting-room");

        // The staff member is still on /Visits: the knock shows there too, with the way into the room.
        var waiting = staff.GetByRole(AriaRole.Alertdialog);
        await Expect(waiting).ToContainTextAsync("Bo Venter venter i venteværelset");
        await waiting.GetByRole(AriaRole.Link, new() { Name = "Åbn venteværelset" }).ClickAsync();
        var knock = staff.Locator("#knocks li").Filter(new() { HasText = "Bo Venter venter i venteværelset" });
        await Expect(knock).ToBeVisibleAsync();
        await axe.PageAsync(staff, "waiting-room-host");
        await knock.GetByRole(AriaRole.Button, new() { Name = "Lad komme ind" }).ClickAsync();

        await Expect(citizen.Locator("#call")).ToHaveAttributeAsync("data-state", "connected");
        await Expect(staff.Locator("#call")).ToHaveAttributeAsync("data-state", "connected");
        Assert.True((await citizen.ReceivesMediaAsync()).Video > 0);
        Assert.True((await staff.ReceivesMediaAsync()).Video > 0);

        await citizen.GetByRole(AriaRole.Button, new() { Name = "Læg på" }).ClickAsync();
        await Expect(staff.Locator("#call")).ToHaveAttributeAsync("data-state", "ended");
        var record = Assert.Single(await app.CallsAsync(), c => c.Planned && c.CitizenId == bo.Id);
        Assert.Equal(CallEndReason.Completed, record.EndReason);
        axe.AssertNoViolations();
        site.AssertNoBrowserErrors();
    }

    [Fact]
    public async Task GuestLink_GuestWaitsAndIsLetIn_ThreePartyCallWithVideoFromEachToEach_GuestLeavesAndTheCallGoesOn()
    {
        var app = site.App;
        var municipality = await app.MunicipalityAsync("Gæsteby Kommune");
        var anna = await app.AccountAsync(municipality, "anna.gaest", "Anna Gæst", StaffRoles.Staff);
        await app.EnrolTotpAsync(anna, site.Authenticator);
        var bo = await app.CitizenAsync(municipality, "Bo Tre");
        await app.LinkAsync(bo, anna, null, "SAG-2026-0403");
        var code = await app.EnrolmentCodeAsync(bo);
        var axe = new AccessibilityCheck();

        var desk = await site.NewPersonAsync(AccessibilityCheck.Desktop, withAxe: true);
        var staff = await desk.NewPageAsync();
        await staff.SignInAsync(site.Authenticator, anna.UserName, Seed.Password);
        await staff.GotoAsync("/Visits");
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen");
        var start = TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow.AddMinutes(5), zone);
        await staff.GetByLabel("Borger", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Bo Tre" });
        await staff.GetByLabel("Dato og klokkeslæt").FillAsync(start.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await staff.GetByLabel("Varighed i minutter").FillAsync("30");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Planlæg skærmbesøg" }).ClickAsync();
        await staff.GetByLabel("Gæstens rolle").FillAsync("Tolk");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Opret gæstelink" }).ClickAsync();
        await Expect(staff.GetByRole(AriaRole.Status)).ToContainTextAsync("Gæstelinket er oprettet");
        var link = await staff.GetByRole(AriaRole.Textbox, new() { Name = "Gæstelink til Tolk" }).InputValueAsync();
        Assert.Contains("/Visits/Guest/", link, StringComparison.Ordinal);
        await axe.PageAsync(staff, "visits-guest-link");

        var guestPhone = await site.NewPersonAsync(AccessibilityCheck.Phone, withAxe: true);
        var guest = await guestPhone.NewPageAsync();
        await guest.GotoAsync(link);
        await Expect(guest.GetByRole(AriaRole.Heading, new() { Name = "Gæst i skærmbesøg" })).ToBeVisibleAsync();
        await axe.PageAsync(guest, "guest-link");
        await guest.GetByRole(AriaRole.Button, new() { Name = "Gå ind i venteværelset" }).ClickAsync();
        await Expect(guest.Locator("#call")).ToHaveAttributeAsync("data-state", "waiting");
        await axe.PageAsync(guest, "guest-waiting-room");

        // The same link on another device is refused, with a page that says why.
        var otherDevice = await (await site.NewPersonAsync(AccessibilityCheck.Phone, withAxe: true)).NewPageAsync();
        await otherDevice.GotoAsync(link);
        await Expect(otherDevice.GetByRole(AriaRole.Alert)).ToContainTextAsync("allerede brugt på en anden enhed");
        await axe.PageAsync(otherDevice, "guest-link-used");

        var phone = await site.NewPersonAsync(AccessibilityCheck.Phone, withAxe: true);
        var citizen = await phone.NewPageAsync();
        await citizen.EnrolAsync(code);
        await citizen.GetByRole(AriaRole.Link, new() { Name = "Gå ind i venteværelset" }).ClickAsync();
        await Expect(citizen.Locator("#call")).ToHaveAttributeAsync("data-state", "waiting");

        var visitId = (await app.VisitsAsync()).Single(v => v.CitizenId == bo.Id).Id;
        await staff.GotoAsync($"/Visits/Call?visit={visitId}");
        var boKnock = staff.Locator("#knocks li").Filter(new() { HasText = "Bo Tre venter i venteværelset" });
        var guestKnock = staff.Locator("#knocks li").Filter(new() { HasText = "Tolk (gæst) venter i venteværelset" });
        await Expect(boKnock).ToBeVisibleAsync();
        await Expect(guestKnock).ToBeVisibleAsync();
        await boKnock.GetByRole(AriaRole.Button, new() { Name = "Lad komme ind" }).ClickAsync();
        await Expect(citizen.Locator("#call")).ToHaveAttributeAsync("data-state", "connected");
        await guestKnock.GetByRole(AriaRole.Button, new() { Name = "Lad komme ind" }).ClickAsync();
        await Expect(guest.Locator("#call")).ToHaveAttributeAsync("data-state", "connected");

        foreach (var (page, who) in new[] { (staff, "staff"), (citizen, "citizen"), (guest, "guest") })
        {
            var seen = await page.ReceivesVideoFromEachAsync(2);
            Assert.True(seen.Length == 2 && seen.All(p => p.Video > 0),
                $"{who} receives video from: {string.Join(", ", seen.Select(p => $"{p.Name}={p.Video}"))}");
        }

        await axe.PageAsync(staff, "group-call-staff");
        await axe.PageAsync(citizen, "group-call-citizen");
        await axe.PageAsync(guest, "group-call-guest");

        // The interpreter leaves: their tile goes, the other two stay connected with video.
        await guest.GetByRole(AriaRole.Button, new() { Name = "Læg på" }).ClickAsync();
        await Expect(guest.Locator("#call")).ToHaveAttributeAsync("data-state", "ended");
        await Expect(citizen.Locator(".tiles")).ToHaveAttributeAsync("data-remotes", "1");
        await Expect(staff.Locator(".tiles")).ToHaveAttributeAsync("data-remotes", "1");
        await Expect(citizen.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Tolk (gæst) har forladt skærmbesøget.");
        await Expect(citizen.Locator("#call")).ToHaveAttributeAsync("data-state", "connected");
        Assert.Single(await citizen.ReceivesVideoFromEachAsync(1));

        await staff.GetByRole(AriaRole.Button, new() { Name = "Læg på" }).ClickAsync();
        await Expect(citizen.Locator("#call")).ToHaveAttributeAsync("data-state", "ended");
        var record = Assert.Single(await app.CallsAsync(), c => c.CitizenId == bo.Id);
        Assert.Equal(CallEndReason.Completed, record.EndReason);
        var participants = await app.ParticipantsAsync(record.Id);
        Assert.Equal(3, participants.Count);
        Assert.All(participants, p => Assert.NotNull(p.LeftAt));
        var tolk = Assert.Single(participants, p => p.Kind == ParticipantKind.Guest);
        Assert.Equal("Tolk", tolk.GuestLabel);
        Assert.Null(tolk.PersonId);
        Assert.True(tolk.LeftAt < record.EndedAt, "the interpreter left before the call ended");
        axe.AssertNoViolations();
        site.AssertNoBrowserErrors();
    }
}
