using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Visits;

/// <summary>A staff member's screen visits: whether citizens may ring them now, and their call log with notes.</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class VisitsIndexModel(CallLog log, CallAccess access, CurrentUser me) : SamtalePage
{
    public List<CallLogEntry> Calls { get; private set; } = [];

    public bool Available { get; private set; }

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

    private async Task LoadAsync(CancellationToken ct)
    {
        Available = await access.IsAvailableAsync(me.Id, ct);
        Calls = await log.RecentAsync(50, ct);
    }
}
