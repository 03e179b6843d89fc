using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samtale.Web.Data;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Tenancy;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Admin;

public sealed record TeamRow(Guid Id, string Name, int Members, int Citizens);

[Authorize(Policy = Policies.MunicipalityAdmin)]
public sealed class TeamsModel(AppDbContext db, Organisation organisation, CurrentUser me) : SamtalePage
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

    private async Task LoadAsync(CancellationToken ct) =>
        Rows = await db.Teams.OrderBy(t => t.Name)
            .Select(t => new TeamRow(t.Id, t.Name, t.Members.Count, db.CitizenLinks.Count(l => l.TeamId == t.Id)))
            .ToListAsync(ct);
}
