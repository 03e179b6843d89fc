using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Samtale.Web.Data;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Accounts;

/// <summary>
/// Starts, checks and ends server-side sessions. Every authenticated request passes through
/// <see cref="ValidateAsync"/>, which is where the 24-hour staff ceiling, the 30-day citizen idle
/// limit, device revocation and "sign out everywhere" take effect.
/// </summary>
public sealed class SessionStore(AppDbContext db, TimeProvider clock, IOptions<AccountOptions> options, AccessChanges changes, RecentSessions recent, SessionActivity activity)
{
    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<ClaimsPrincipal> StartStaffAsync(StaffAccount account, CancellationToken ct)
    {
        var session = new UserSession
        {
            Kind = SessionKind.Staff,
            PrincipalId = account.Id,
            TenantId = account.TenantId,
            CreatedAt = Now,
            LastSeenAt = Now,
            ExpiresAt = Now.AddHours(options.Value.StaffSessionHours),
        };
        db.Sessions.Add(session);
        await db.SaveChangesAsync(ct);
        return StaffPrincipal(session, account);
    }

    public async Task<ClaimsPrincipal> StartCitizenAsync(Citizens.Citizen citizen, Guid deviceId, CancellationToken ct)
    {
        var session = new UserSession
        {
            Kind = SessionKind.Citizen,
            PrincipalId = citizen.Id,
            TenantId = citizen.TenantId,
            DeviceId = deviceId,
            CreatedAt = Now,
            LastSeenAt = Now,
        };
        db.Sessions.Add(session);
        await db.SaveChangesAsync(ct);
        return CitizenPrincipal(session, citizen);
    }

    /// <summary>
    /// Starts the session of a guest on one visit. It lives until the guest link expires; there is no
    /// device row, because the link itself is bound to this one session (see GuestLinks).
    /// </summary>
    public async Task<ClaimsPrincipal> StartGuestAsync(Visits.GuestLink link, CancellationToken ct)
    {
        var session = new UserSession
        {
            Kind = SessionKind.Guest,
            PrincipalId = link.Id,
            TenantId = link.TenantId,
            CreatedAt = Now,
            LastSeenAt = Now,
            ExpiresAt = link.ExpiresAt,
        };
        db.Sessions.Add(session);
        await db.SaveChangesAsync(ct);
        return GuestPrincipal(session, link);
    }

    /// <summary>Returns a fresh principal for a live session, or null when the session must end.</summary>
    public async Task<ClaimsPrincipal?> ValidateAsync(ClaimsPrincipal principal, CancellationToken ct)
    {
        if (!Guid.TryParse(principal.FindFirstValue(SamtaleClaims.Session), out var sessionId))
        {
            return null;
        }

        var now = Now;
        var epoch = changes.Epoch;
        if (recent.Find(sessionId, epoch, now) is { } known)
        {
            return known;
        }

        var noted = activity.Noted(sessionId);
        // Not tracked: the last use changes in memory here and is written by SessionActivity.
        var session = await db.Sessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null || session.EndedAt is not null)
        {
            return null;
        }

        // A touch noted but not yet written counts.
        if (noted > session.LastSeenAt)
        {
            session.LastSeenAt = noted.Value;
        }

        if (session.Kind == SessionKind.Staff)
        {
            if (session.ExpiresAt is null || now >= session.ExpiresAt)
            {
                await EndAsync(session, "expired", ct);
                return null;
            }

            // Roles and the disabled flag are read on every request, so a change by an administrator
            // applies to open sessions at once.
            var account = await db.StaffAccounts.IgnoreQueryFilters().SingleOrDefaultAsync(a => a.Id == session.PrincipalId, ct);
            if (account is null || account.DisabledAt is not null)
            {
                await EndAsync(session, "disabled", ct);
                return null;
            }

            Touch(session, now);
            var staff = StaffPrincipal(session, account);
            recent.Remember(session.Id, staff, epoch, now, session.ExpiresAt.Value);
            return staff;
        }

        if (session.Kind == SessionKind.Guest)
        {
            // The link is read on every check: a revoked link, a cancelled visit (the link goes with it) or
            // the end of the visit ends the guest at once.
            var link = await db.Set<Visits.GuestLink>().IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(g => g.Id == session.PrincipalId, ct);
            if (link is null || link.RevokedAt is not null || session.ExpiresAt is null || now >= session.ExpiresAt)
            {
                await EndAsync(session, link is null || link.RevokedAt is not null ? "revoked" : "expired", ct);
                return null;
            }

            Touch(session, now);
            var guest = GuestPrincipal(session, link);
            recent.Remember(session.Id, guest, epoch, now, session.ExpiresAt.Value);
            return guest;
        }

        if (now - session.LastSeenAt >= TimeSpan.FromDays(options.Value.CitizenIdleDays))
        {
            await EndAsync(session, "idle", ct);
            return null;
        }

        var device = await db.CitizenDevices.IgnoreQueryFilters().SingleOrDefaultAsync(d => d.Id == session.DeviceId, ct);
        var citizen = await db.Citizens.IgnoreQueryFilters().SingleOrDefaultAsync(c => c.Id == session.PrincipalId, ct);
        if (device is null || !device.IsUsable || citizen is null)
        {
            await EndAsync(session, "device-revoked", ct);
            return null;
        }

        Touch(session, now);
        var citizenPrincipal = CitizenPrincipal(session, citizen);
        recent.Remember(session.Id, citizenPrincipal, epoch, now, session.LastSeenAt.AddDays(options.Value.CitizenIdleDays));
        return citizenPrincipal;
    }

    public Task EndAsync(Guid sessionId, string reason, CancellationToken ct) =>
        EndWhereAsync(db.Sessions.Where(s => s.Id == sessionId), reason, ct);

    /// <summary>Ends every open session of a person ("sign out everywhere", account disabled).</summary>
    public Task<int> EndAllForAsync(Guid principalId, string reason, CancellationToken ct) =>
        EndWhereAsync(db.Sessions.Where(s => s.PrincipalId == principalId), reason, ct);

    public Task<int> EndAllForDeviceAsync(Guid deviceId, string reason, CancellationToken ct) =>
        EndWhereAsync(db.Sessions.Where(s => s.DeviceId == deviceId), reason, ct);

    private async Task<int> EndWhereAsync(IQueryable<UserSession> sessions, string reason, CancellationToken ct)
    {
        var open = await sessions.Where(s => s.EndedAt == null).Select(s => s.Id).ToListAsync(ct);
        if (open.Count == 0)
        {
            return 0;
        }

        var ended = await db.Sessions.Where(s => open.Contains(s.Id) && s.EndedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, Now).SetProperty(s => s.EndReason, reason), ct);
        changes.RaiseSessionsEnded(open);
        return ended;
    }

    private async Task EndAsync(UserSession session, string reason, CancellationToken ct)
    {
        await db.Sessions.Where(s => s.Id == session.Id && s.EndedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, Now).SetProperty(s => s.EndReason, reason), ct);
        changes.RaiseSessionsEnded([session.Id]);
    }

    // Writing on every request would turn reads into writes; a minute's resolution is plenty for a 30-day
    // limit, and SessionActivity writes the touches of all sessions together a few seconds later.
    private void Touch(UserSession session, DateTime now)
    {
        if (now - session.LastSeenAt >= TouchInterval)
        {
            activity.Saw(session.Id, now);
            session.LastSeenAt = now;
        }
    }

    private static ClaimsPrincipal StaffPrincipal(UserSession session, StaffAccount account)
    {
        var claims = new List<Claim>
        {
            new(SamtaleClaims.Subject, account.Id.ToString()),
            new(SamtaleClaims.Kind, CurrentUser.StaffKind),
            new(SamtaleClaims.Session, session.Id.ToString()),
            new(SamtaleClaims.Name, account.DisplayName),
            new(SamtaleClaims.StaffRoles, account.Roles.ToString()),
            new(SamtaleClaims.LiveUntil, session.ExpiresAt!.Value.ToString("O")),
        };
        if (account.TenantId is { } tenant)
        {
            claims.Add(new(SamtaleClaims.Tenant, tenant.ToString()));
        }

        claims.AddRange(account.Roles.Each().Select(r => new Claim(SamtaleClaims.Role, r.ToString())));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, AuthSetup.Scheme, SamtaleClaims.Name, SamtaleClaims.Role));
    }

    /// <summary>A guest has no role at all, so no policy-protected page or endpoint lets them in.</summary>
    private static ClaimsPrincipal GuestPrincipal(UserSession session, Visits.GuestLink link)
    {
        Claim[] claims =
        [
            new(SamtaleClaims.Subject, link.Id.ToString()),
            new(SamtaleClaims.Kind, CurrentUser.GuestKind),
            new(SamtaleClaims.Session, session.Id.ToString()),
            new(SamtaleClaims.Tenant, link.TenantId.ToString()),
            new(SamtaleClaims.Visit, link.VisitId.ToString()),
            new(SamtaleClaims.Name, link.Label),
            new(SamtaleClaims.LiveUntil, session.ExpiresAt!.Value.ToString("O")),
        ];
        return new ClaimsPrincipal(new ClaimsIdentity(claims, AuthSetup.Scheme, SamtaleClaims.Name, SamtaleClaims.Role));
    }

    private ClaimsPrincipal CitizenPrincipal(UserSession session, Citizens.Citizen citizen)
    {
        Claim[] claims =
        [
            new(SamtaleClaims.Subject, citizen.Id.ToString()),
            new(SamtaleClaims.Kind, CurrentUser.CitizenKind),
            new(SamtaleClaims.Session, session.Id.ToString()),
            new(SamtaleClaims.Tenant, citizen.TenantId.ToString()),
            new(SamtaleClaims.Device, session.DeviceId!.Value.ToString()),
            new(SamtaleClaims.Name, citizen.DisplayName),
            new(SamtaleClaims.Role, Policies.CitizenRole),
            new(SamtaleClaims.LiveUntil, session.LastSeenAt.AddDays(options.Value.CitizenIdleDays).ToString("O")),
        ];
        return new ClaimsPrincipal(new ClaimsIdentity(claims, AuthSetup.Scheme, SamtaleClaims.Name, SamtaleClaims.Role));
    }
}
