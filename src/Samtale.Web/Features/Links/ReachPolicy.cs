using Microsoft.EntityFrameworkCore;
using Samtale.Web.Data;
using Samtale.Web.Features.Citizens;

namespace Samtale.Web.Features.Links;

/// <summary>
/// The one place that decides who may reach whom. A citizen reaches a staff member when a link names
/// that staff member, or names a team the staff member is in, within one municipality, and the staff
/// account is active. Every feature that lets people talk asks here; none keeps its own list.
/// </summary>
public sealed class ReachPolicy(AppDbContext db)
{
    public async Task<bool> MayReachAsync(Guid citizenId, Guid staffAccountId, CancellationToken ct) =>
        await LinksBetween(citizenId, staffAccountId).AnyAsync(ct);

    /// <summary>The links that join this pair (more than one when linked both directly and through a team).</summary>
    public IQueryable<CitizenLink> LinksBetween(Guid citizenId, Guid staffAccountId) =>
        ReachableLinksOf(staffAccountId).Where(l => l.CitizenId == citizenId);

    /// <summary>Every link through which a staff member reaches a citizen.</summary>
    public IQueryable<CitizenLink> ReachableLinksOf(Guid staffAccountId) =>
        from l in db.CitizenLinks
        join a in db.StaffAccounts on staffAccountId equals a.Id
        where a.DisabledAt == null && a.TenantId == l.TenantId
            && (l.StaffAccountId == staffAccountId
                || db.TeamMembers.Any(m => m.StaffAccountId == staffAccountId && m.TeamId == l.TeamId))
        select l;

    /// <summary>The citizens a staff member may reach.</summary>
    public IQueryable<Citizen> CitizensOf(Guid staffAccountId) =>
        db.Citizens.Where(c => ReachableLinksOf(staffAccountId).Any(l => l.CitizenId == c.Id));

    /// <summary>The active staff members a citizen may reach, directly or through a team.</summary>
    public IQueryable<Accounts.StaffAccount> StaffOf(Guid citizenId) =>
        db.StaffAccounts.Where(a => a.DisabledAt == null && db.CitizenLinks.Any(l =>
            l.CitizenId == citizenId && l.TenantId == a.TenantId
            && (l.StaffAccountId == a.Id || db.TeamMembers.Any(m => m.StaffAccountId == a.Id && m.TeamId == l.TeamId))));
}
