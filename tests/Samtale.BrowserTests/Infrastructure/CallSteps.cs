using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Samtale.Web.Data;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Visits;
using static Microsoft.Playwright.Assertions;

namespace Samtale.BrowserTests.Infrastructure;

/// <summary>What the bytes-received hook of call.js returns.</summary>
public sealed class InboundBytes
{
    public double Audio { get; set; }

    public double Video { get; set; }
}

/// <summary>What the per-peer bytes-received hook of call.js returns for one remote participant of a group call.</summary>
public sealed class PeerInbound
{
    public string Name { get; set; } = "";

    public double Audio { get; set; }

    public double Video { get; set; }
}

/// <summary>A screen visit in two browsers, from "Start skærmbesøg" to hang-up, as the call tests share it.</summary>
public static class CallSteps
{
    /// <summary>
    /// Anna (staff, desktop) rings Bo (citizen, phone) from their conversation; Bo answers from the dialog
    /// that rings on his contacts page. Returns both call pages once both say "Forbundet".
    /// </summary>
    public static async Task<(IPage Staff, IPage Citizen)> StartAnsweredCallAsync(CallSite site, string suffix, AccessibilityCheck? axe = null)
    {
        var app = site.App;
        var municipality = await app.MunicipalityAsync($"Skærmby {suffix}");
        var team = await app.TeamAsync(municipality, "Familieteamet");
        var anna = await app.AccountAsync(municipality, $"anna.{suffix}", "Anna Holm", StaffRoles.Staff, team);
        await app.EnrolTotpAsync(anna, site.Authenticator);
        var bo = await app.CitizenAsync(municipality, "Bo Nielsen");
        await app.LinkAsync(bo, anna, null, "SAG-2026-0401");
        var code = await app.EnrolmentCodeAsync(bo);

        var phone = await site.NewPersonAsync(AccessibilityCheck.Phone, withAxe: axe is not null);
        var citizen = await phone.NewPageAsync();
        await citizen.EnrolAsync(code);

        var desk = await site.NewPersonAsync(AccessibilityCheck.Desktop, withAxe: axe is not null);
        var staff = await desk.NewPageAsync();
        await staff.SignInAsync(site.Authenticator, anna.UserName, Seed.Password);
        await staff.GotoAsync("/Staff");
        await staff.GetByRole(AriaRole.Link, new() { Name = "Bo Nielsen" }).First.ClickAsync();
        await staff.GetByRole(AriaRole.Link, new() { Name = "Start skærmbesøg" }).ClickAsync();
        await Expect(staff.Locator("#call")).ToHaveAttributeAsync("data-state", "ringing");

        var ringing = citizen.GetByRole(AriaRole.Alertdialog);
        await Expect(ringing).ToContainTextAsync("Anna Holm ringer");
        if (axe is not null)
        {
            await axe.PageAsync(citizen, "incoming-call");
        }

        await ringing.GetByRole(AriaRole.Link, new() { Name = "Besvar" }).ClickAsync();
        await Expect(citizen.Locator("#call")).ToHaveAttributeAsync("data-state", "connected");
        await Expect(staff.Locator("#call")).ToHaveAttributeAsync("data-state", "connected");
        return (staff, citizen);
    }

    /// <summary>
    /// Waits until the page has received video (and sound) over the call, and returns the counts seen then.
    /// Polled from here: Playwright's wait-for-function treats the promise an async predicate returns as
    /// "true" at once, so it would not wait at all.
    /// </summary>
    public static async Task<InboundBytes> ReceivesMediaAsync(this IPage page)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var seen = await page.EvaluateAsync<InboundBytes>("() => window.samtaleCall.inbound()");
            if ((seen.Video > 0 && seen.Audio > 0) || DateTime.UtcNow > deadline)
            {
                return seen;
            }

            await Task.Delay(250);
        }
    }

    /// <summary>
    /// Waits until the page has received video from each of <paramref name="peers"/> remote participants
    /// (one RTCPeerConnection each), and returns the per-peer counts seen then. Polled, as above.
    /// </summary>
    public static async Task<PeerInbound[]> ReceivesVideoFromEachAsync(this IPage page, int peers)
    {
        var deadline = DateTime.UtcNow.AddSeconds(45);
        while (true)
        {
            var seen = await page.EvaluateAsync<PeerInbound[]>("() => window.samtaleCall.inboundByPeer()");
            if ((seen.Length == peers && seen.All(p => p.Video > 0)) || DateTime.UtcNow > deadline)
            {
                return seen;
            }

            await Task.Delay(500);
        }
    }

    public static Task<List<PlannedVisit>> VisitsAsync(this SamtaleApp app) =>
        app.InScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<PlannedVisit>().IgnoreQueryFilters().AsNoTracking().ToListAsync());

    public static Task<List<CallParticipant>> ParticipantsAsync(this SamtaleApp app, Guid callId) =>
        app.InScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<CallParticipant>().IgnoreQueryFilters().AsNoTracking().Where(p => p.CallId == callId).ToListAsync());

    public static Task<List<CallRecord>> CallsAsync(this SamtaleApp app) =>
        app.InScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<CallRecord>().IgnoreQueryFilters().AsNoTracking().ToListAsync());
}
