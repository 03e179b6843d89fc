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

    /// <summary>
    /// Conversations a staff member may open now: their own, and their teams', each only while a link
    /// still joins the citizen to that staff member or team.
    /// </summary>
    public IQueryable<Messaging.Conversation> ConversationsOfStaff(Guid staffAccountId) =>
        db.Conversations.Where(c =>
            db.StaffAccounts.Any(a => a.Id == staffAccountId && a.DisabledAt == null && a.TenantId == c.TenantId)
            && ((c.CounterpartKind == Messaging.CounterpartKind.Staff && c.CounterpartId == staffAccountId
                    && db.CitizenLinks.Any(l => l.CitizenId == c.CitizenId && l.StaffAccountId == staffAccountId))
                || (c.CounterpartKind == Messaging.CounterpartKind.Team
                    && db.TeamMembers.Any(m => m.StaffAccountId == staffAccountId && m.TeamId == c.CounterpartId)
                    && db.CitizenLinks.Any(l => l.CitizenId == c.CitizenId && l.TeamId == c.CounterpartId))));

    /// <summary>A citizen's conversations that a link still backs (a disabled staff member's are closed).</summary>
    public IQueryable<Messaging.Conversation> ConversationsOfCitizen(Guid citizenId) =>
        db.Conversations.Where(c => c.CitizenId == citizenId
            && ((c.CounterpartKind == Messaging.CounterpartKind.Staff
                    && db.CitizenLinks.Any(l => l.CitizenId == citizenId && l.StaffAccountId == c.CounterpartId)
                    && db.StaffAccounts.Any(a => a.Id == c.CounterpartId && a.DisabledAt == null))
                || (c.CounterpartKind == Messaging.CounterpartKind.Team
                    && db.CitizenLinks.Any(l => l.CitizenId == citizenId && l.TeamId == c.CounterpartId))));

    /// <summary>The staff accounts that receive a conversation's messages: the staff member, or every active member of the team.</summary>
    public IQueryable<Guid> StaffParticipants(Messaging.Conversation conversation) =>
        conversation.CounterpartKind == Messaging.CounterpartKind.Staff
            ? db.StaffAccounts.Where(a => a.Id == conversation.CounterpartId && a.DisabledAt == null).Select(a => a.Id)
            : db.TeamMembers.Where(m => m.TeamId == conversation.CounterpartId)
                .Join(db.StaffAccounts.Where(a => a.DisabledAt == null), m => m.StaffAccountId, a => a.Id, (m, a) => a.Id);
}
