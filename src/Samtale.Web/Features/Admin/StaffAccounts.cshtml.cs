using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samtale.Web.Data;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Tenancy;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Admin;

public sealed record StaffRow(Guid Id, string DisplayName, string UserName, StaffRoles Roles, List<string> Teams, bool Disabled);

public sealed record TeamOption(Guid Id, string Name);

/// <summary>The municipality administrator's list of staff accounts: create, assign teams and roles, disable.</summary>
[Authorize(Policy = Policies.MunicipalityAdmin)]
public sealed class StaffAccountsModel(AppDbContext db, Organisation organisation, CurrentUser me) : SamtalePage
{
    public List<StaffRow> Rows { get; private set; } = [];

    public List<TeamOption> Teams { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(string? userName, string? displayName, string? password, string[]? roles, Guid[]? teamIds, CancellationToken ct)
    {
        var chosen = StaffRoles.None;
        foreach (var r in roles ?? [])
        {
            // Only municipality roles can be granted here; installation roles are not on offer.
            if (Enum.TryParse<StaffRoles>(r, out var role) && Enum.IsDefined(role) && (StaffRolesExtensions.TenantRoles & role) == role)
            {
                chosen |= role;
            }
            else
            {
                await LoadAsync(ct);
                return Fail("Error.Roles", "Roles");
            }
        }

        var (error, _) = await organisation.CreateAccountAsync(me.RequireTenant(), userName, displayName, password, chosen, teamIds ?? [], ct);
        await LoadAsync(ct);
        if (error is not null)
        {
            return Fail(error.MessageKey, error.Field);
        }

        NoticeKey = "Admin.AccountCreated";
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync(Guid accountId, CancellationToken ct)
    {
        var done = accountId != me.Id && await organisation.DisableAccountAsync(me.RequireTenant(), accountId, ct);
        await LoadAsync(ct);
        if (!done)
        {
            return Missing();
        }

        NoticeKey = "Admin.AccountDisabled";
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Teams = await db.Teams.OrderBy(t => t.Name).Select(t => new TeamOption(t.Id, t.Name)).ToListAsync(ct);
        var names = Teams.ToDictionary(t => t.Id, t => t.Name);
        var accounts = await db.StaffAccounts.AsNoTracking().Include(a => a.Teams).OrderBy(a => a.DisplayName).ToListAsync(ct);
        Rows = accounts.Select(a => new StaffRow(a.Id, a.DisplayName, a.UserName, a.Roles,
            a.Teams.Select(m => names.GetValueOrDefault(m.TeamId, "?")).Order().ToList(), a.DisabledAt is not null)).ToList();
    }
}
