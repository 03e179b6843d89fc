using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samtale.Web.Data;
using Samtale.Web.Features.Audit;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Accounts;

/// <summary>A staff member's own open sessions, and "sign out everywhere" for a lost or shared computer.</summary>
[Authorize]
public sealed class SessionsModel(AppDbContext db, CurrentUser me, SessionStore sessions, AuditTrail audit) : SamtalePage
{
    public List<UserSession> Open { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!me.IsStaff)
        {
            return Forbid();
        }

        Open = await db.Sessions.AsNoTracking().Where(s => s.PrincipalId == me.Id && s.EndedAt == null)
            .OrderByDescending(s => s.CreatedAt).ToListAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostEndAllAsync(CancellationToken ct)
    {
        if (!me.IsStaff)
        {
            return Forbid();
        }

        var ended = await sessions.EndAllForAsync(me.Id, "signed-out-everywhere", ct);
        audit.Record("staff.signout-everywhere", me.TenantId, "StaffAccount", me.Id, $"sessions={ended}");
        await db.SaveChangesAsync(ct);
        await HttpContext.SignOutAsync(AuthSetup.Scheme);
        return Redirect("/Accounts/SignOut");
    }
}
