using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Samtale.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Samtale.BrowserTests;

/// <summary>
/// The whole installation story in four browsers: the operator's setup link, a system administrator,
/// a municipality administrator, a citizen's phone and a staff member, ending with a revoked phone.
/// </summary>
public sealed partial class AcceptanceFlowTests(LiveSite site) : IClassFixture<LiveSite>
{
    private const string Password = "korrekt-hest-batteri";
    private const string Municipality = "Fjordby Kommune";
    private const string Team = "Familieteamet";
    private const string StaffName = "Anna Andersen";
    private const string CitizenName = "Bo";
    private const string CaseReference = "SAG-2026-0042";

    /// <summary>Two pages only this story reaches: the setup page and a revoked phone's unlock page.</summary>
    private readonly AccessibilityCheck _check = new();

    [Fact]
    public async Task NewInstallation_SetUpThroughTheBrowser_LinksCitizenToStaffUntilThePhoneIsRevoked()
    {
        await using var systemAdminBrowser = await site.NewPersonAsync(withAxe: true);
        var systemAdmin = await systemAdminBrowser.NewPageAsync();
        await CreateSystemAdministratorAsync(systemAdmin);
        await CreateMunicipalityWithAdministratorAsync(systemAdmin);

        await using var adminBrowser = await site.NewPersonAsync();
        var admin = await adminBrowser.NewPageAsync();
        await admin.SignInAsync(site.Authenticator, "mette.admin", Password);
        await Expect(admin).ToHaveURLAsync(EndsWith("/Admin"));
        await Expect(admin.Locator("main")).ToContainTextAsync(Municipality);
        await CreateTeamAndStaffAsync(admin);
        var code = await CreateLinkedCitizenWithCodeAsync(admin);

        await using var phone = await site.NewPersonAsync(AccessibilityCheck.Phone, withAxe: true);
        var citizen = await phone.NewPageAsync();
        await RedeemCodeAsync(citizen, code);
        await Expect(citizen.Locator("main")).ToContainTextAsync(StaffName);

        await using var staffBrowser = await site.NewPersonAsync();
        var staff = await staffBrowser.NewPageAsync();
        await staff.SignInAsync(site.Authenticator, "anna", Password);
        await Expect(staff).ToHaveURLAsync(EndsWith("/Staff"));
        var row = staff.GetByRole(AriaRole.Row).Filter(new() { Has = staff.GetByRole(AriaRole.Cell, new() { Name = CitizenName, Exact = true }) });
        await Expect(row).ToContainTextAsync(CaseReference);

        await admin.ReloadAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Spær" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Table, new() { Name = "Enheder" })).ToContainTextAsync("Spærret");

        // The citizen's next request is refused: the session ended with the device, and the phone is
        // sent to unlock (which says it can no longer be unlocked) or to enrol again.
        await citizen.ReloadAsync();
        await Expect(citizen).ToHaveURLAsync(UnlockOrEnrol());
        await Expect(citizen.Locator("body")).Not.ToContainTextAsync(StaffName);
        await citizen.GotoAsync("/Citizens");
        await Expect(citizen).ToHaveURLAsync(UnlockOrEnrol());
        await Expect(citizen.Locator("body")).Not.ToContainTextAsync(StaffName);
        await _check.PageAsync(citizen, "citizen-revoked");

        _check.AssertNoViolations();
        site.AssertNoBrowserErrors();
    }

    private async Task CreateSystemAdministratorAsync(IPage page)
    {
        await page.GotoAsync(await site.SetupLinkAsync());
        await _check.PageAsync(page, "setup");
        await page.Locator("#UserName").FillAsync("sigrid.sys");
        await page.Locator("#DisplayName").FillAsync("Sigrid System");
        await page.Locator("#Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Opret administrator" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Administratoren er oprettet");

        await page.SignInAsync(site.Authenticator, "sigrid.sys", Password, async totp =>
        {
            await Expect(totp.GetByRole(AriaRole.Img, new() { Name = "QR-kode til godkender-appen" })).ToBeVisibleAsync();
            await Expect(totp.Locator(".secret")).ToHaveTextAsync(new Regex("^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$"));
        });
        await Expect(page).ToHaveURLAsync(EndsWith("/Admin"));
    }

    private async Task CreateMunicipalityWithAdministratorAsync(IPage page)
    {
        await page.GotoAsync("/Admin/Municipalities");
        await page.Locator("#Name").FillAsync(Municipality);
        await page.SubmitFormWithAsync("#Name", "Opret");
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Kommunen er oprettet.");

        await page.Locator("#TenantId").SelectOptionAsync(new SelectOptionValue { Label = Municipality });
        await page.Locator("#UserName").FillAsync("mette.admin");
        await page.Locator("#DisplayName").FillAsync("Mette Madsen");
        await page.Locator("#Password").FillAsync(Password);
        await page.SubmitFormWithAsync("#TenantId", "Opret");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Kontoen er oprettet");
        await _check.PageAsync(page, "system-admin-municipality-created");
    }

    private static async Task CreateTeamAndStaffAsync(IPage page)
    {
        await page.GotoAsync("/Admin/Teams");
        await page.Locator("#Name").FillAsync(Team);
        await page.GetByRole(AriaRole.Button, new() { Name = "Opret", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Teamet er oprettet.");

        await page.GotoAsync("/Admin/StaffAccounts");
        await page.Locator("#UserName").FillAsync("anna");
        await page.Locator("#DisplayName").FillAsync(StaffName);
        await page.Locator("#Password").FillAsync(Password);
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "Medarbejder", Exact = true })).ToBeCheckedAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = Team }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Opret", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Kontoen er oprettet");
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = StaffName })).ToContainTextAsync(Team);
    }

    /// <returns>The enrolment code, as the administrator reads it to the citizen.</returns>
    private static async Task<string> CreateLinkedCitizenWithCodeAsync(IPage page)
    {
        await page.GotoAsync("/Admin/Citizens");
        await page.Locator("#DisplayName").FillAsync(CitizenName);
        await page.GetByRole(AriaRole.Button, new() { Name = "Opret", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(CitizenPage());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(CitizenName);

        await page.Locator("#Target").SelectOptionAsync(new SelectOptionValue { Label = StaffName });
        await page.Locator("#CaseReference").FillAsync(CaseReference);
        await page.GetByRole(AriaRole.Button, new() { Name = "Tilknyt", Exact = true }).ClickAsync();
        var link = page.GetByRole(AriaRole.Table, new() { Name = "Tilknytninger" }).GetByRole(AriaRole.Row).Filter(new() { HasText = StaffName });
        await Expect(link).ToContainTextAsync(CaseReference);

        await page.GetByRole(AriaRole.Button, new() { Name = "Ny aktiveringskode" }).ClickAsync();
        var code = page.Locator("#enrolment-code");
        await Expect(code).ToHaveTextAsync(new Regex("^[2-9A-Z-]{8,}$"));
        return await code.InnerTextAsync();
    }

    private static async Task RedeemCodeAsync(IPage page, string code)
    {
        await page.GotoAsync("/Citizens/Enrol");
        await page.Locator("#Code").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Næste" }).ClickAsync();
        await Expect(page.GetByLabel("Vælg en pinkode")).ToBeVisibleAsync();

        await page.Locator("#Pin").FillAsync("1234");
        await page.Locator("#PinAgain").FillAsync("1234");
        await page.GetByRole(AriaRole.Button, new() { Name = "Gem pinkode" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Den pinkode er for let at gætte. Vælg en anden.");
        await Expect(page.Locator("#Pin")).ToHaveAttributeAsync("aria-invalid", "true");

        await page.Locator("#Pin").FillAsync("2719");
        await page.Locator("#PinAgain").FillAsync("2719");
        await page.GetByRole(AriaRole.Button, new() { Name = "Gem pinkode" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(EndsWith("/Citizens?welcome=1"));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Din telefon er nu klar");
    }

    private static Regex EndsWith(string pathAndQuery) => new(Regex.Escape(pathAndQuery) + "$");

    [GeneratedRegex("/Admin/Citizen/[0-9a-f-]{36}$")]
    private static partial Regex CitizenPage();

    [GeneratedRegex("/Citizens/(Unlock|Enrol)$")]
    private static partial Regex UnlockOrEnrol();
}
