using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Visits;

/// <summary>A staff member's screen visits: whether citizens may ring them now, and their call log with notes.</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class VisitsIndexModel(CallLog log, CallAccess access, VisitPlanner planner, GuestLinks guests, Links.ReachPolicy reach, CurrentUser me) : SamtalePage
{
    public List<CallLogEntry> Calls { get; private set; } = [];

    public bool Available { get; private set; }

    public List<UpcomingVisit> Upcoming { get; private set; } = [];

    public List<(Guid Id, string Name)> Citizens { get; private set; } = [];

    public List<GuestLinkView> Guests { get; private set; } = [];

    /// <summary>The link just made, shown this once: only its hash is kept.</summary>
    public string? NewGuestUrl { get; private set; }

    public string? NewGuestLabel { get; private set; }

    public async Task<IActionResult> OnPostGuestLinkAsync(Guid visitId, string? label, CancellationToken ct)
    {
        var (error, token) = await guests.CreateAsync(visitId, label, ct);
        await LoadAsync(ct);
        if (error is not null)
        {
            return Fail(error, "guestLabel");
        }

        NewGuestUrl = $"{LoopbackIsSecure.BrowserScheme(HttpContext)}://{Request.Host}/Visits/Guest/{token}";
        NewGuestLabel = label!.Trim();
        NoticeKey = "Guest.Created";
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeGuestAsync(Guid linkId, CancellationToken ct)
    {
        var revoked = await guests.RevokeAsync(linkId, ct);
        await LoadAsync(ct);
        if (!revoked)
        {
            return Fail("Error.NotFound");
        }

        NoticeKey = "Guest.Revoked";
        return Page();
    }

    public async Task<IActionResult> OnPostPlanAsync(Guid citizenId, DateTime? startsAt, int? minutes, CancellationToken ct)
    {
        var (error, _) = startsAt is { } start ? await planner.ScheduleAsync(citizenId, start, minutes ?? 30, ct) : ("Visits.BadStart", null);
        await LoadAsync(ct);
        if (error is not null)
        {
            return Fail(error, error == "Visits.BadDuration" ? "minutes" : error == "Visits.BadStart" ? "startsAt" : "citizenId");
        }

        NoticeKey = "Visits.PlannedSaved";
        return Page();
    }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAvailabilityAsync(bool available, CancellationToken ct)
    {
        await access.SetAvailableAsync(available, ct);
        NoticeKey = "Visits.AvailabilitySaved";
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostNoteAsync(Guid callId, string? note, CancellationToken ct)
    {
        var error = await log.SetNoteAsync(callId, note, ct);
        await LoadAsync(ct);
        if (error is not null)
        {
            return Fail(error, $"note-{callId}");
        }

        NoticeKey = "Visits.NoteSaved";
        return Page();
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid visitId, CancellationToken ct)
    {
        var cancelled = await planner.CancelAsync(visitId, ct);
        await LoadAsync(ct);
        if (!cancelled)
        {
            return Fail("Error.NotFound");
        }

        NoticeKey = "Visits.Cancelled";
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Available = await access.IsAvailableAsync(me.Id, ct);
        Calls = await log.RecentAsync(50, ct);
        Upcoming = await planner.UpcomingAsync(ct);
        Guests = await guests.ForVisitsAsync(Upcoming.Select(v => v.Id).ToList(), ct);
        Citizens = (await reach.CitizensOf(me.Id).OrderBy(c => c.DisplayName).Select(c => new { c.Id, c.DisplayName }).ToListAsync(ct))
            .Select(c => (c.Id, c.DisplayName)).ToList();
    }
}
