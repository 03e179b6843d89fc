using Microsoft.Playwright;
using Samtale.BrowserTests.Infrastructure;
using Samtale.Web.Features.Accounts;
using static Microsoft.Playwright.Assertions;

namespace Samtale.BrowserTests;

/// <summary>
/// axe-core finds no WCAG 2.1 A/AA violation on the pages a citizen sees on their phone, from the front
/// page through enrolment to locking and unlocking, including the error states. Each page is checked at
/// phone and desktop width.
/// </summary>
public sealed class CitizenPagesAccessibilityTests(LiveSite site) : IClassFixture<LiveSite>
{
    private readonly AccessibilityCheck _check = new();

    [Fact]
    public async Task EveryCitizenPage_OnPhoneAndDesktop_HasNoWcagViolations()
    {
        var app = site.App;
        var municipality = await app.MunicipalityAsync("Sydby Kommune");
        var staff = await app.AccountAsync(municipality, "dorthe", "Dorthe Dam", StaffRoles.Staff);
        var citizen = await app.CitizenAsync(municipality, "Emil");
        await app.LinkAsync(citizen, staff, null, "SAG-2026-0211");
        var code = await app.EnrolmentCodeAsync(citizen);

        await using var phone = await site.NewPersonAsync(AccessibilityCheck.Phone, withAxe: true);
        var page = await phone.NewPageAsync();
        await page.GotoAsync("/");
        await _check.PageAsync(page, "front-page");

        await page.GetByRole(AriaRole.Link, new() { Name = "Aktivér med kode" }).ClickAsync();
        await _check.PageAsync(page, "citizen-enrol-code");
        await page.Locator("#Code").FillAsync("AAAA-BBBB-CC");
        await page.GetByRole(AriaRole.Button, new() { Name = "Næste" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await _check.PageAsync(page, "citizen-enrol-code-rejected");

        await page.Locator("#Code").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Næste" }).ClickAsync();
        await Expect(page.Locator("#Pin")).ToBeVisibleAsync();
        await _check.PageAsync(page, "citizen-enrol-pin");
        await page.Locator("#Pin").FillAsync("1234");
        await page.Locator("#PinAgain").FillAsync("1234");
        await page.GetByRole(AriaRole.Button, new() { Name = "Gem pinkode" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await _check.PageAsync(page, "citizen-enrol-pin-rejected");
        await page.Locator("#Pin").FillAsync(Seed.GoodPin);
        await page.Locator("#PinAgain").FillAsync(Seed.GoodPin);
        await page.GetByRole(AriaRole.Button, new() { Name = "Gem pinkode" }).ClickAsync();

        await Expect(page.Locator("main")).ToContainTextAsync("Dorthe Dam");
        await _check.PageAsync(page, "citizen-home-welcome");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lås", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Samtale er låst");
        await _check.PageAsync(page, "citizen-locked");

        await page.GetByRole(AriaRole.Link, new() { Name = "Lås op" }).ClickAsync();
        await Expect(page.Locator("#Pin")).ToBeVisibleAsync();
        await _check.PageAsync(page, "citizen-unlock");
        await page.Locator("#Pin").FillAsync("0000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lås op" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await _check.PageAsync(page, "citizen-unlock-wrong-pin");
        await page.Locator("#Pin").FillAsync(Seed.GoodPin);
        await page.GetByRole(AriaRole.Button, new() { Name = "Lås op" }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("Dorthe Dam");
        await _check.PageAsync(page, "citizen-home");

        _check.AssertNoViolations();
        site.AssertNoBrowserErrors();
    }
}
