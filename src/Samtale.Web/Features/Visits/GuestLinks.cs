using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Samtale.Web.Data;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Audit;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Visits;

/// <summary>A guest link as the visit's staff member sees it in the list (the token is shown only once, at creation).</summary>
public sealed record GuestLinkView(Guid Id, Guid VisitId, string Label, DateTime ExpiresAt, bool Opened);

public enum GuestOpenError
{
    None,
    Unknown,
    Expired,
    UsedElsewhere,
}

/// <summary>
/// Makes, lists, revokes and opens guest links. A link is a random 256-bit capability: it names nobody and
/// only its SHA-256 is stored, so a database copy cannot be used to join a visit. The first device that
/// enters with it is bound to it (the guest session is the binding); any later open on another device is
/// refused, and the link stops at the end of the visit plus <see cref="GuestLink.Grace"/>.
/// </summary>
public sealed class GuestLinks(AppDbContext db, VisitPlanner planner, SessionStore sessions, AuditTrail audit, CurrentUser me, TimeProvider clock)
{
    /// <summary>A visit takes the staff member, the citizen and at most two guests (four in a mesh call).</summary>
    public const int MaxPerVisit = 2;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The visit's staff member makes a link; returns an error key, or the token for the URL (shown once).</summary>
    public async Task<(string? ErrorKey, string? Token)> CreateAsync(Guid visitId, string? label, CancellationToken ct)
    {
        var visit = me.IsStaff ? await planner.FindAsync(visitId, ct) : null;
        if (visit is null || visit.EndsAt <= Now)
        {
            return ("Error.NotFound", null);
        }

        label = (label ?? "").Trim();
        if (label.Length is 0 or > GuestLink.MaxLabelLength || label.Any(char.IsControl))
        {
            return ("Guest.BadLabel", null);
        }

        var live = await db.Set<GuestLink>().CountAsync(g => g.VisitId == visitId && g.RevokedAt == null, ct);
        if (live >= MaxPerVisit)
        {
            return ("Guest.TooMany", null);
        }

        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var link = new GuestLink
        {
            TenantId = visit.TenantId,
            VisitId = visit.Id,
            Label = label,
            TokenHash = Citizens.Enrolment.Hash(token),
            CreatedBy = me.Id,
            CreatedAt = Now,
            ExpiresAt = visit.EndsAt + GuestLink.Grace,
        };
        db.Add(link);
        audit.Record("visit.guest-link.create", visit.TenantId, "PlannedVisit", visit.Id, $"link={link.Id}");
        await db.SaveChangesAsync(ct);
        return (null, token);
    }

    /// <summary>The visit's staff member withdraws a link; a guest already in is signed out and leaves the call at once.</summary>
    public async Task<bool> RevokeAsync(Guid linkId, CancellationToken ct)
    {
        var link = await db.Set<GuestLink>().SingleOrDefaultAsync(g => g.Id == linkId && g.RevokedAt == null, ct);
        if (link is null || !me.IsStaff || await planner.FindAsync(link.VisitId, ct) is null)
        {
            return false;
        }

        link.RevokedAt = Now;
        audit.Record("visit.guest-link.revoke", link.TenantId, "PlannedVisit", link.VisitId, $"link={link.Id}");
        await db.SaveChangesAsync(ct);
        await sessions.EndAllForAsync(link.Id, "revoked", ct);
        return true;
    }

    public async Task<List<GuestLinkView>> ForVisitsAsync(IReadOnlyCollection<Guid> visitIds, CancellationToken ct) =>
        await db.Set<GuestLink>().AsNoTracking()
            .Where(g => visitIds.Contains(g.VisitId) && g.RevokedAt == null && g.ExpiresAt > Now)
            .OrderBy(g => g.CreatedAt)
            .Select(g => new GuestLinkView(g.Id, g.VisitId, g.Label, g.ExpiresAt, g.BoundAt != null))
            .ToListAsync(ct);

    /// <summary>What opening the link would do, without binding it (a mail scanner's preview must not spend it).</summary>
    public async Task<(GuestOpenError Error, GuestLink? Link)> CheckAsync(string? token, CancellationToken ct)
    {
        var link = await FindAsync(token, ct);
        return link is null ? (GuestOpenError.Unknown, null)
            : link.ExpiresAt <= Now ? (GuestOpenError.Expired, link)
            : link.BoundAt is not null ? (GuestOpenError.UsedElsewhere, link)
            : (GuestOpenError.None, link);
    }

    /// <summary>
    /// Binds the link to this device: the first to get here wins (one conditional update), and gets the
    /// guest session; everyone after is refused.
    /// </summary>
    public async Task<(GuestOpenError Error, System.Security.Claims.ClaimsPrincipal? Guest)> EnterAsync(string? token, CancellationToken ct)
    {
        var (error, link) = await CheckAsync(token, ct);
        if (error != GuestOpenError.None)
        {
            return (error, null);
        }

        var now = Now;
        var won = await db.Set<GuestLink>().IgnoreQueryFilters()
            .Where(g => g.Id == link!.Id && g.BoundAt == null && g.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(g => g.BoundAt, now), ct);
        if (won == 0)
        {
            return (GuestOpenError.UsedElsewhere, null);
        }

        audit.RecordAs(CurrentUser.GuestKind, link!.Id, "visit.guest-link.open", link.TenantId, "PlannedVisit", link.VisitId, $"link={link.Id}");
        await db.SaveChangesAsync(ct);
        return (GuestOpenError.None, await sessions.StartGuestAsync(link, ct));
    }

    private async Task<GuestLink?> FindAsync(string? token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 64 || !token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return null;
        }

        var hash = Citizens.Enrolment.Hash(token);
        return await db.Set<GuestLink>().IgnoreQueryFilters().AsNoTracking()
            .SingleOrDefaultAsync(g => g.TokenHash == hash && g.RevokedAt == null, ct);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
