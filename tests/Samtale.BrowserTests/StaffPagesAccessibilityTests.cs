using Microsoft.Playwright;
using Samtale.BrowserTests.Infrastructure;
using Samtale.Web.Features.Accounts;
using static Microsoft.Playwright.Assertions;

namespace Samtale.BrowserTests;

/// <summary>
/// axe-core finds no WCAG 2.1 A/AA violation on the pages staff use, each seen by the role that uses it,
/// at desktop and phone width. Screenshots of every page land in bin/screenshots.
/// </summary>
public sealed class StaffPagesAccessibilityTests(LiveSite site) : IClassFixture<LiveSite>
{
    private readonly AccessibilityCheck _check = new();

    [Fact]
    public async Task EveryStaffPage_SeenByItsRole_HasNoWcagViolations()
    {
        var app = site.App;
        var municipality = await app.MunicipalityAsync("Nordby Kommune");
        var team = await app.TeamAsync(municipality, "Ungeteamet");
        await app.AccountAsync(municipality, "karin.admin", "Karin Kragh", StaffRoles.MunicipalityAdmin);
        var staff = await app.AccountAsync(municipality, "lars", "Lars Lund", StaffRoles.Staff, team);
        await app.EnrolTotpAsync(staff, site.Authenticator);
        await app.AccountAsync(municipality, "rita.revisor", "Rita Riis", StaffRoles.Auditor);
        var systemAdmin = await app.AccountAsync(null, "sys", "Sune System", StaffRoles.SystemAdmin);
        await app.EnrolTotpAsync(systemAdmin, site.Authenticator);
        var citizen = await app.CitizenAsync(municipality, "Cecilie");
        await app.LinkAsync(citizen, staff, null, "SAG-2026-0107");
        await app.LinkAsync(citizen, null, team, "SAG-2026-0108");
        await app.DeviceAsync(citizen, "Android, Chrome");

        await using (var visitor = await site.NewPersonAsync(withAxe: true))
        {
            var page = await visitor.NewPageAsync();
            await page.GotoAsync("/Accounts/SignIn");
            await _check.PageAsync(page, "staff-signin");
            await page.Locator("#UserName").FillAsync("karin.admin");
            await page.Locator("#Password").FillAsync("forkert-adgangskode");
            await page.GetByRole(AriaRole.Button, new() { Name = "Fortsæt" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
            await _check.PageAsync(page, "staff-signin-rejected");
        }

        await using (var adminBrowser = await site.NewPersonAsync(withAxe: true))
        {
            var page = await adminBrowser.NewPageAsync();
            await page.SignInAsync(site.Authenticator, "karin.admin", Seed.Password, totp => _check.PageAsync(totp, "staff-totp-enrol"));
            await _check.PageAsync(page, "admin-home");
            await page.GotoAsync("/Admin/Teams");
            await _check.PageAsync(page, "admin-teams");
            await page.GotoAsync("/Admin/StaffAccounts");
            await _check.PageAsync(page, "admin-staff-accounts");
            await page.GotoAsync("/Admin/Citizens");
            await _check.PageAsync(page, "admin-citizens");
            await page.GotoAsync($"/Admin/Citizen/{citizen.Id}");
            await _check.PageAsync(page, "admin-citizen");
            await page.GetByRole(AriaRole.Button, new() { Name = "Ny aktiveringskode" }).ClickAsync();
            await Expect(page.Locator("#enrolment-code")).ToBeVisibleAsync();
            await _check.PageAsync(page, "admin-citizen-code-issued");
            await page.GotoAsync("/Accounts/Sessions");
            await _check.PageAsync(page, "staff-sessions");
        }

        await using (var staffBrowser = await site.NewPersonAsync(withAxe: true))
        {
            var page = await staffBrowser.NewPageAsync();
            await page.SignInAsync(site.Authenticator, "lars", Seed.Password, totp => _check.PageAsync(totp, "staff-totp"));
            await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Cecilie", Exact = true })).ToBeVisibleAsync();
            await _check.PageAsync(page, "staff-home");
            await page.GetByRole(AriaRole.Link, new() { Name = "Cecilie", Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Cecilie");
            await _check.PageAsync(page, "staff-citizen");
        }

        await using (var auditorBrowser = await site.NewPersonAsync(withAxe: true))
        {
            var page = await auditorBrowser.NewPageAsync();
            await page.SignInAsync(site.Authenticator, "rita.revisor", Seed.Password);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Revisionsspor");
            await _check.PageAsync(page, "audit");
            await page.GetByRole(AriaRole.Button, new() { Name = "Kontrollér revisionssporet" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("intakt");
            await _check.PageAsync(page, "audit-verified");
        }

        await using (var systemAdminBrowser = await site.NewPersonAsync(withAxe: true))
        {
            var page = await systemAdminBrowser.NewPageAsync();
            await page.SignInAsync(site.Authenticator, "sys", Seed.Password);
            await _check.PageAsync(page, "system-admin-home");
            await page.GotoAsync("/Admin/Municipalities");
            await _check.PageAsync(page, "system-admin-municipalities");
        }

        _check.AssertNoViolations();
        site.AssertNoBrowserErrors();
    }
}
