using Microsoft.EntityFrameworkCore;
using Samtale.Web.Data;
using Samtale.Web.Features.Audit;

namespace Samtale.Web.Features.Links;

public enum LinkError
{
    None,
    UnknownCitizen,
    UnknownTarget,
    NeedsOneTarget,
    BadCaseReference,
    AlreadyLinked,
}

/// <summary>Creating and removing links. Removal is a delete, so the next policy check already refuses.</summary>
public sealed class LinkAdministration(AppDbContext db, AuditTrail audit, TimeProvider clock, Accounts.AccessChanges changes)
{
    public async Task<(LinkError Error, CitizenLink? Link)> LinkAsync(Guid tenantId, Guid citizenId, Guid? staffAccountId, Guid? teamId, string? caseReference, Guid createdBy, CancellationToken ct)
    {
        var reference = (caseReference ?? "").Trim();
        if (reference.Length is 0 or > FieldLimits.CaseReference)
        {
            return (LinkError.BadCaseReference, null);
        }

        if (staffAccountId is null == teamId is null)
        {
            return (LinkError.NeedsOneTarget, null);
        }

        if (!await db.Citizens.AnyAsync(c => c.Id == citizenId && c.TenantId == tenantId, ct))
        {
            return (LinkError.UnknownCitizen, null);
        }

        var targetExists = staffAccountId is { } staffId
            ? await db.StaffAccounts.AnyAsync(a => a.Id == staffId && a.TenantId == tenantId && a.DisabledAt == null, ct)
            : await db.Teams.AnyAsync(t => t.Id == teamId && t.TenantId == tenantId, ct);
        if (!targetExists)
        {
            return (LinkError.UnknownTarget, null);
        }

        if (await db.CitizenLinks.AnyAsync(l => l.CitizenId == citizenId && l.StaffAccountId == staffAccountId && l.TeamId == teamId, ct))
        {
            return (LinkError.AlreadyLinked, null);
        }

        var link = new CitizenLink
        {
            TenantId = tenantId,
            CitizenId = citizenId,
            StaffAccountId = staffAccountId,
            TeamId = teamId,
            CaseReference = reference,
            CreatedBy = createdBy,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.CitizenLinks.Add(link);
        audit.Record("link.create", tenantId, "CitizenLink", link.Id,
            staffAccountId is { } s ? $"citizen={citizenId};staff={s}" : $"citizen={citizenId};team={teamId}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same link was made a moment ago (a double-click); the unique index refused the second.
            db.ChangeTracker.Clear();
            return (LinkError.AlreadyLinked, null);
        }

        return (LinkError.None, link);
    }

    public async Task<bool> UnlinkAsync(Guid linkId, CancellationToken ct)
    {
        var link = await db.CitizenLinks.SingleOrDefaultAsync(l => l.Id == linkId, ct);
        if (link is null)
        {
            return false;
        }

        db.CitizenLinks.Remove(link);
        audit.Record("link.remove", link.TenantId, "CitizenLink", link.Id, $"citizen={link.CitizenId}");
        await db.SaveChangesAsync(ct);
        changes.RaiseLinkRemoved(link.CitizenId);
        return true;
    }
}
