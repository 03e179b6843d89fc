using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samtale.Web.Data;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Admin;

[Authorize(Roles = nameof(StaffRoles.MunicipalityAdmin) + "," + nameof(StaffRoles.SystemAdmin) + "," + nameof(StaffRoles.ItOperations))]
public sealed class AdminHomeModel(AppDbContext db, CurrentUser me) : SamtalePage
{
    public string? MunicipalityName { get; private set; }

    public int Teams { get; private set; }

    public int Staff { get; private set; }

    public int Citizens { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (me.TenantId is { } tenant)
        {
            MunicipalityName = await db.Municipalities.Where(m => m.Id == tenant).Select(m => m.Name).SingleAsync(ct);
            Teams = await db.Teams.CountAsync(ct);
            Staff = await db.StaffAccounts.CountAsync(a => a.DisabledAt == null, ct);
            Citizens = await db.Citizens.CountAsync(ct);
        }

        return Page();
    }
}
