using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samtale.Web.Data;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Journaling;

public sealed record ParkedRow(Guid Id, string Municipality, JournalSinkKind Sink, int Attempts, string? Reason, DateTime CreatedAt);

/// <summary>
/// IT operations: the journal backlog and the dead letters. Rows show ids, sinks and reasons only, never
/// content; retrying or re-routing a unit is an administrative act and goes in the audit trail.
/// </summary>
[Authorize(Policy = Policies.ItOperations)]
public sealed class OperationsModel(AppDbContext db, JournalMonitor monitor, TimeProvider clock, Audit.AuditTrail audit) : SamtalePage
{
    public JournalBacklog Backlog { get; private set; } = new(0, 0, 0, 0);

    public List<ParkedRow> Parked { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostRetryAsync(Guid unitId, CancellationToken ct) => RequeueAsync(unitId, null, ct);

    public Task<IActionResult> OnPostRerouteAsync(Guid unitId, JournalSinkKind sink, CancellationToken ct) =>
        sink is JournalSinkKind.Folder or JournalSinkKind.Http or JournalSinkKind.Email ? RequeueAsync(unitId, sink, ct) : Task.FromResult<IActionResult>(Fail("Error.Invalid", "Sink"));

    /// <summary>
    /// Puts a parked unit back in the queue with a fresh set of attempts, optionally to another sink. The
    /// unit keeps its id, so the case system still sees the same idempotency key.
    /// </summary>
    private async Task<IActionResult> RequeueAsync(Guid unitId, JournalSinkKind? sink, CancellationToken ct)
    {
        var unit = await db.Set<JournalUnit>().IgnoreQueryFilters().SingleOrDefaultAsync(u => u.Id == unitId && u.State == JournalUnitState.Parked, ct);
        if (unit is null)
        {
            await LoadAsync(ct);
            return Missing();
        }

        var detail = sink is null ? $"sink={unit.Sink}" : $"from={unit.Sink};to={sink}";
        unit.State = JournalUnitState.Pending;
        unit.Attempts = 0;
        unit.NextAttemptAt = clock.GetUtcNow().UtcDateTime;
        unit.Sink = sink ?? unit.Sink;
        var action = sink is null ? "journal.unit.retry" : "journal.unit.reroute";
        audit.Record(action, unit.TenantId, "JournalUnit", unit.Id, detail);
        audit.Record(action, null, "JournalUnit", unit.Id, detail);
        await db.SaveChangesAsync(ct);
        await LoadAsync(ct);
        NoticeKey = "Journal.Parked.Requeued";
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Backlog = await monitor.MeasureAsync(ct);
        Parked = await db.Set<JournalUnit>().IgnoreQueryFilters().AsNoTracking()
            .Where(u => u.State == JournalUnitState.Parked).OrderBy(u => u.CreatedAt).Take(500)
            .Select(u => new ParkedRow(u.Id, db.Municipalities.Where(m => m.Id == u.TenantId).Select(m => m.Name).First(), u.Sink, u.Attempts, u.LastError, u.CreatedAt))
            .ToListAsync(ct);
    }
}
