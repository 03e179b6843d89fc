using Microsoft.Playwright;
using Samtale.BrowserTests.Infrastructure;
using Samtale.Web.Features.Visits;
using static Microsoft.Playwright.Assertions;

namespace Samtale.BrowserTests;

/// <summary>
/// A screen visit between a staff member's desktop and a citizen's phone, two Chromium contexts with the
/// fake camera: rung from the conversation, answered from the ringing dialog, video both ways, and the
/// hang-up written to the call log with its duration, where the staff member adds a note.
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

        var record = Assert.Single(await site.App.CallsAsync());
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
}
