using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samtale.Web.Data;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Tenancy;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Admin;

public sealed record TeamRow(Guid Id, string Name, int Members, int Citizens, bool CitizensMayCall);

[Authorize(Policy = Policies.MunicipalityAdmin)]
public sealed class TeamsModel(AppDbContext db, Organisation organisation, CurrentUser me, Audit.AuditTrail audit) : SamtalePage
{
    public List<TeamRow> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(string? name, CancellationToken ct)
    {
        var (error, _) = await organisation.CreateTeamAsync(me.RequireTenant(), name, ct);
        await LoadAsync(ct);
        if (error is not null)
        {
            return Fail(error.MessageKey, error.Field);
        }

        NoticeKey = "Admin.TeamCreated";
        return Page();
    }

    /// <summary>Whether the team's citizens may ring its staff (screen visits); audited as an administrative act.</summary>
    public async Task<IActionResult> OnPostCallsAsync(Guid teamId, bool allow, CancellationToken ct)
    {
        var team = await db.Teams.SingleOrDefaultAsync(t => t.Id == teamId, ct);
        if (team is null)
        {
            await LoadAsync(ct);
            return Fail("Error.NotFound");
        }

        team.CitizensMayCall = allow;
        audit.Record("team.citizens-may-call", team.TenantId, "team", team.Id, allow ? "on" : "off");
        await db.SaveChangesAsync(ct);
        await LoadAsync(ct);
        NoticeKey = "Admin.CallsSaved";
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Rows = await db.Teams.OrderBy(t => t.Name)
            .Select(t => new TeamRow(t.Id, t.Name, t.Members.Count, db.CitizenLinks.Count(l => l.TeamId == t.Id), t.CitizensMayCall))
            .ToListAsync(ct);
}
