using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samtale.Web.Data;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Audit;

/// <summary>
/// The auditor's view of the audit trail of their own municipality (a system administrator sees the
/// installation's chain): filter, and check that no row was altered or removed.
/// </summary>
[Authorize(Roles = nameof(StaffRoles.Auditor) + "," + nameof(StaffRoles.SystemAdmin))]
public sealed class AuditLogModel(AppDbContext db, AuditVerifier verifier, AuditTrail audit, CurrentUser me) : SamtalePage
{
    private const int PageSize = 200;

    [BindProperty(SupportsGet = true)]
    public string? Action { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Outcome { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    /// <summary>An id (person, device, link …) that the row's actor or target must be.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Subject { get; set; }

    public List<AuditEvent> Rows { get; private set; } = [];

    public List<string> Actions { get; private set; } = [];

    public AuditVerdict? Verdict { get; private set; }

    private Guid Chain => me.TenantId ?? Guid.Empty;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken ct)
    {
        Verdict = await verifier.VerifyAsync(Chain, ct);
        audit.Record("audit.verify", me.TenantId, detail: Verdict.Intact ? "intact=true" : $"intact=false;at={Verdict.BrokenAtSequence}");
        await db.SaveChangesAsync(ct);
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var query = db.AuditEvents.AsNoTracking().Where(e => e.ChainId == Chain);
        if (!string.IsNullOrEmpty(Action))
        {
            query = query.Where(e => e.Action == Action);
        }

        if (Outcome is "success" or "failure")
        {
            query = query.Where(e => e.Outcome == Outcome);
        }

        if (From is { } from)
        {
            var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            query = query.Where(e => e.At >= start);
        }

        if (To is { } to)
        {
            var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            query = query.Where(e => e.At < end);
        }

        if (Guid.TryParse(Subject, out var subject))
        {
            query = query.Where(e => e.ActorId == subject || e.TargetId == subject);
        }

        Rows = await query.OrderByDescending(e => e.Sequence).Take(PageSize).ToListAsync(ct);
        Actions = await db.AuditEvents.Where(e => e.ChainId == Chain).Select(e => e.Action).Distinct().OrderBy(a => a).ToListAsync(ct);
    }
}
