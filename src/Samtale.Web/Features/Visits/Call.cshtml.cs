using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Visits;

/// <summary>
/// The call screen. Opened with ?with= to ring a linked person, or with a call id to answer a ringing call.
/// The page only checks what it can show; the hub decides again on every ring, answer and signal.
/// </summary>
[Authorize]
public sealed class CallModel(CallAccess access, VisitPlanner planner, CurrentUser me) : SamtalePage
{
    [BindProperty(SupportsGet = true)]
    public Guid? CallId { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? With { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? Visit { get; set; }

    public string OtherName { get; private set; } = "";

    public string? OpensAt { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (me.IsGuest && (With is not null || CallId is not null || Visit != me.GuestVisitId))
        {
            // A guest is let into their one visit through its waiting room, and into nothing else.
            return Missing();
        }

        if (With is { } other)
        {
            var (error, _, _) = await access.MayRingAsync(other, ct);
            return error switch
            {
                null => await ShowAsync(other, ct),
                "not-found" => Missing(),
                "unavailable" => Fail("Visits.Unavailable"),
                _ => Fail("Visits.NotAllowed"),
            };
        }

        if (Visit is { } visitId)
        {
            if (await planner.FindAsync(visitId, ct) is not { } visit)
            {
                return Missing();
            }

            if (!me.IsStaff && !planner.IsOpen(visit))
            {
                OpensAt = VisitPlanner.LocalTime(visit.OpensAt);
                return Fail("Visits.NotOpenYet");
            }

            return me.IsGuest ? Page() : await ShowAsync(me.IsStaff ? visit.CitizenId : visit.StaffAccountId, ct);
        }

        return CallId is null ? Missing() : Page();
    }

    private async Task<IActionResult> ShowAsync(Guid other, CancellationToken ct)
    {
        OtherName = await access.NameOfAsync(other, ct);
        return Page();
    }
}
