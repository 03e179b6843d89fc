using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Links;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Staff;

public sealed record LinkedCitizenDto(Guid CitizenId, string DisplayName, IReadOnlyList<string> CaseReferences);

public static class StaffSetup
{
    public static WebApplicationBuilder AddStaff(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<StaffCaseload>();
        return builder;
    }

    public static WebApplication MapStaff(this WebApplication app)
    {
        app.MapGet("/api/me", (CurrentUser me) => TypedResults.Ok(new
        {
            kind = me.Kind,
            tenantId = me.TenantId,
            roles = me.IsStaff ? me.Roles.Each().Select(r => r.ToString()).ToArray() : [Policies.CitizenRole],
        })).RequireAuthorization();

        app.MapGet("/api/staff/citizens", LinkedCitizensAsync).RequireAuthorization(Policies.Staff);
        return app;
    }

    private static async Task<Ok<List<LinkedCitizenDto>>> LinkedCitizensAsync(CurrentUser me, StaffCaseload caseload, CancellationToken ct) =>
        TypedResults.Ok(await caseload.ForAsync(me.Id, ct));
}

/// <summary>A staff member's citizens, with the case references that link them.</summary>
public sealed class StaffCaseload(ReachPolicy reach, Data.AppDbContext db)
{
    public Task<List<LinkedCitizenDto>> ForAsync(Guid staffAccountId, CancellationToken ct) => LoadAsync(staffAccountId, null, ct);

    /// <summary>One citizen of the caseload, or null when this staff member cannot reach them.</summary>
    public async Task<LinkedCitizenDto?> OneAsync(Guid staffAccountId, Guid citizenId, CancellationToken ct) =>
        (await LoadAsync(staffAccountId, citizenId, ct)).SingleOrDefault();

    private async Task<List<LinkedCitizenDto>> LoadAsync(Guid staffAccountId, Guid? citizenId, CancellationToken ct)
    {
        var rows = await (from l in reach.ReachableLinksOf(staffAccountId)
                          join c in db.Citizens on l.CitizenId equals c.Id
                          where citizenId == null || c.Id == citizenId
                          select new { c.Id, c.DisplayName, l.CaseReference }).ToListAsync(ct);
        return rows.GroupBy(r => (r.Id, r.DisplayName))
            .Select(g => new LinkedCitizenDto(g.Key.Id, g.Key.DisplayName, g.Select(r => r.CaseReference).Distinct().Order().ToList()))
            .OrderBy(c => c.DisplayName, StringComparer.CurrentCulture)
            .ToList();
    }
}
