using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Samtale.BrowserTests.Infrastructure;
using Samtale.Web.Data;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Journaling;
using static Microsoft.Playwright.Assertions;

namespace Samtale.BrowserTests;

/// <summary>
/// The journal as a staff member sees it: a message arrives live marked as waiting, stays waiting while
/// the robot has the files but has not confirmed, and shows as journaled once the robot's receipt is in.
/// The product's own background dispatcher does the work, on the real clock.
/// </summary>
public sealed class JournalStateTests(LiveSite site) : IClassFixture<LiveSite>, IDisposable
{
    private readonly string _dropFolder = Directory.CreateTempSubdirectory("samtale-browser-journal-").FullName;

    [Fact]
    public async Task StaffMember_SeesAMessageGoFromWaitingToJournaled()
    {
        site.ForgetBrowserErrors();
        var app = site.App;
        var municipality = await app.MunicipalityAsync("Nordkyst Kommune");
        var anna = await app.AccountAsync(municipality, "anna.journal", "Anna Juul", StaffRoles.Staff);
        await app.EnrolTotpAsync(anna, site.Authenticator);
        var bo = await app.CitizenAsync(municipality, "Bo Berg");
        await app.LinkAsync(bo, anna, null, "SAG-2026-0777");
        var code = await app.EnrolmentCodeAsync(bo);
        await app.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            db.Add(new JournalSettings { TenantId = municipality.Id, Sink = JournalSinkKind.Folder, FolderPath = _dropFolder, PurgeAfterDays = 30 });
            return await db.SaveChangesAsync();
        });

        await using var phone = await site.NewPersonAsync(AccessibilityCheck.Phone);
        var citizen = await phone.NewPageAsync();
        await citizen.EnrolAsync(code);
        await citizen.OpenLiveAsync(() => citizen.GetByRole(AriaRole.Link, new() { Name = "Anna Juul" }).ClickAsync());

        await using var desk = await site.NewPersonAsync(AccessibilityCheck.Desktop);
        var staff = await desk.NewPageAsync();
        await staff.SignInAsync(site.Authenticator, "anna.journal", Seed.Password);
        await staff.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Indbakke" }).ClickAsync();
        await staff.OpenLiveAsync(() => staff.Locator("ul.inbox li").Filter(new() { HasText = "Bo Berg" }).GetByRole(AriaRole.Link).ClickAsync());

        const string text = "Jeg har fået brevet fra kommunen — hvad betyder det?";
        await citizen.WriteAsync(text);
        var journal = staff.Theirs(text).Locator(".journal");
        await Expect(journal).ToHaveTextAsync("Afventer journalisering");

        // The dispatcher drops the PDF and the XML; until the robot confirms, the message is still waiting.
        var xml = await WaitForAsync(() => Directory.GetFiles(_dropFolder, "*.xml").SingleOrDefault());
        Assert.Contains("SAG-2026-0777", await File.ReadAllTextAsync(xml), StringComparison.Ordinal);
        await staff.ReloadAsync();
        await Expect(journal).ToHaveTextAsync("Afventer journalisering");

        await File.WriteAllTextAsync(Path.ChangeExtension(xml, ".receipt"), "ESDH-BROWSER-1");
        await WaitForAsync(async () =>
        {
            await staff.ReloadAsync();
            return await journal.TextContentAsync() == "Journaliseret" ? "done" : null;
        });

        await Expect(journal).ToHaveTextAsync("Journaliseret");
        await Expect(staff.Theirs(text)).ToBeVisibleAsync();
        await citizen.ReloadAsync();
        await Expect(citizen.Mine(text).Locator(".journal")).ToHaveTextAsync("Gemt i din sag");
        site.AssertNoBrowserErrors();
    }

    [Fact]
    public async Task JournalPages_PassTheAccessibilityCheck()
    {
        site.ForgetBrowserErrors();
        var check = new AccessibilityCheck();
        var app = site.App;
        var municipality = await app.MunicipalityAsync("Sydkyst Kommune");
        var admin = await app.AccountAsync(municipality, "sydkyst.admin", "Sara Admin", StaffRoles.MunicipalityAdmin);
        await app.EnrolTotpAsync(admin, site.Authenticator);
        var operations = await app.AccountAsync(null, "sydkyst.drift", "Ole Drift", StaffRoles.ItOperations);
        await app.EnrolTotpAsync(operations, site.Authenticator);
        var citizen = await app.CitizenAsync(municipality, "Cille");
        await app.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            db.Add(new JournalUnit
            {
                TenantId = municipality.Id,
                CitizenId = citizen.Id,
                ConversationId = Guid.CreateVersion7(),
                CaseReference = "SAG-1",
                State = JournalUnitState.Parked,
                Sink = JournalSinkKind.Http,
                Attempts = 10,
                LastError = "http: 422",
            });
            return await db.SaveChangesAsync();
        });

        await using (var browser = await site.NewPersonAsync(withAxe: true))
        {
            var page = await browser.NewPageAsync();
            await page.SignInAsync(site.Authenticator, "sydkyst.admin", Seed.Password);
            await page.GotoAsync("/Journaling/Settings");
            await check.PageAsync(page, "journal-settings");
            await page.GetByLabel("Mappe til robot (PDF + XML)").CheckAsync();
            await page.GetByLabel("Mappe på serveren").FillAsync("/findes/ikke");
            await page.GetByRole(AriaRole.Button, new() { Name = "Gem" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Angiv en mappe");
            await check.PageAsync(page, "journal-settings-error");
            await page.GetByLabel("Mappe på serveren").FillAsync(_dropFolder);
            await page.GetByRole(AriaRole.Button, new() { Name = "Gem" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Indstillingerne er gemt");
            await page.GotoAsync($"/Admin/Citizen/{citizen.Id}");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Hent som PDF" })).ToBeVisibleAsync();
        }

        await using (var browser = await site.NewPersonAsync(withAxe: true))
        {
            var page = await browser.NewPageAsync();
            await page.SignInAsync(site.Authenticator, "sydkyst.drift", Seed.Password);
            await page.GotoAsync("/Journaling/Operations");
            await Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("http: 422");
            await check.PageAsync(page, "journal-operations");
            await page.GetByRole(AriaRole.Button, new() { Name = "Prøv igen" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("sat i kø igen");
            await check.PageAsync(page, "journal-operations-requeued");
        }

        check.AssertNoViolations();
        site.AssertNoBrowserErrors();
    }

    private static Task<T> WaitForAsync<T>(Func<T?> probe)
        where T : class => WaitForAsync(() => Task.FromResult(probe()));

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe)
        where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, "the journal dispatcher did not get there within 30 s");
            await Task.Delay(250);
        }
    }

    public void Dispose() => Directory.Delete(_dropFolder, recursive: true);
}
