using Microsoft.EntityFrameworkCore;
using Samtale.Web.Data;
using Samtale.Web.Features.Links;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Visits;

/// <summary>Who the current person may ring, answered by <see cref="ReachPolicy"/> plus the call rules on top of it.</summary>
public sealed class CallAccess(AppDbContext db, ReachPolicy reach, CurrentUser me, TimeProvider clock)
{
    /// <summary>How long "available for calls" lasts before it lapses by itself.</summary>
    public static readonly TimeSpan AvailabilityLasts = TimeSpan.FromHours(10);

    /// <summary>
    /// Whether the current person may ring the other now, and the pair as (citizen, staff) if so. Null when
    /// no link joins them (the caller learns nothing about whether the other exists); an error key when
    /// the link exists but a call rule says no.
    /// </summary>
    public async Task<(string? ErrorKey, Guid CitizenId, Guid StaffId)> MayRingAsync(Guid otherId, CancellationToken ct)
    {
        if (me.IsStaff && await reach.MayReachAsync(otherId, me.Id, ct))
        {
            return (null, otherId, me.Id);
        }

        if (!me.IsCitizen || !await reach.MayReachAsync(me.Id, otherId, ct))
        {
            return ("not-found", default, default);
        }

        // Some services let only staff ring (a child in care is not to be called back at night by the
        // office's phone, nor ring it): the team decides, and only staff who said they are available ring.
        if (!await CitizensMayCallAsync(me.Id, otherId, ct))
        {
            return ("calls-off", default, default);
        }

        return await IsAvailableAsync(otherId, ct) ? (null, me.Id, otherId) : ("unavailable", default, default);
    }

    /// <summary>Whether a team this citizen reaches the staff member through lets citizens ring.</summary>
    public Task<bool> CitizensMayCallAsync(Guid citizenId, Guid staffId, CancellationToken ct) =>
        reach.LinksBetween(citizenId, staffId).AnyAsync(l =>
            (l.TeamId != null && db.Teams.Any(t => t.Id == l.TeamId && t.CitizensMayCall))
            || (l.StaffAccountId == staffId && db.TeamMembers.Any(m => m.StaffAccountId == staffId && db.Teams.Any(t => t.Id == m.TeamId && t.CitizensMayCall))), ct);

    public async Task<bool> IsAvailableAsync(Guid staffId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.Set<StaffAvailability>().AnyAsync(a => a.StaffAccountId == staffId && a.Until > now, ct);
    }

    /// <summary>The current staff member says whether citizens may ring them now.</summary>
    public async Task SetAvailableAsync(bool available, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var row = await db.Set<StaffAvailability>().SingleOrDefaultAsync(a => a.StaffAccountId == me.Id, ct);
        if (row is not null)
        {
            db.Remove(row);
        }

        if (available)
        {
            db.Add(new StaffAvailability { StaffAccountId = me.Id, TenantId = me.RequireTenant(), Since = now, Until = now + AvailabilityLasts });
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>The display name the callee's device shows.</summary>
    public async Task<string> NameOfAsync(Guid personId, CancellationToken ct) =>
        await db.StaffAccounts.Where(a => a.Id == personId).Select(a => a.DisplayName).SingleOrDefaultAsync(ct)
        ?? await db.Citizens.Where(c => c.Id == personId).Select(c => c.DisplayName).SingleOrDefaultAsync(ct)
        ?? "";
}
