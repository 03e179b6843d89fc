using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samtale.Web.Data;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Tenancy;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Admin;

public sealed record CitizenRow(Guid Id, string DisplayName, int Links, int Devices);

[Authorize(Policy = Policies.MunicipalityAdmin)]
public sealed class CitizensModel(AppDbContext db, Organisation organisation, CurrentUser me) : SamtalePage
{
    public List<CitizenRow> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(string? displayName, CancellationToken ct)
    {
        var (error, citizen) = await organisation.CreateCitizenAsync(me.RequireTenant(), displayName, ct);
        if (error is not null)
        {
            await LoadAsync(ct);
            return Fail(error.MessageKey, error.Field);
        }

        return Redirect($"/Admin/Citizen/{citizen!.Id}");
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Rows = await db.Citizens.OrderBy(c => c.DisplayName)
            .Select(c => new CitizenRow(c.Id, c.DisplayName,
                db.CitizenLinks.Count(l => l.CitizenId == c.Id),
                db.CitizenDevices.Count(d => d.CitizenId == c.Id && d.RevokedAt == null && d.LockedAt == null)))
            .ToListAsync(ct);
}
