using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Samtale.Web.Data;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Links;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Citizens;

public sealed record ContactDto(Guid StaffAccountId, string DisplayName);

public sealed record IssuedCodeDto(string Code, DateTime ExpiresAt);

public static class CitizensSetup
{
    public static WebApplicationBuilder AddCitizens(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<Enrolment>();
        builder.Services.AddScoped<PinUnlock>();
        builder.Services.AddScoped<DeviceAdministration>();
        builder.Services.AddScoped<CitizenCodes>();
        builder.Services.AddSingleton<IPasswordHasher<CitizenDevice>, PasswordHasher<CitizenDevice>>();
        return builder;
    }

    public static WebApplication MapCitizens(this WebApplication app)
    {
        app.MapGet("/api/citizen/contacts", ContactsAsync).RequireAuthorization(Policies.Citizen);

        app.MapPost("/api/citizens/{citizenId:guid}/enrolment-codes", IssueCodeAsync)
            .RequireAuthorization(Policies.IssuesCodes);
        return app;
    }

    /// <summary>The staff members this citizen may write to and call.</summary>
    private static async Task<Ok<List<ContactDto>>> ContactsAsync(CurrentUser me, ReachPolicy reach, CancellationToken ct) =>
        TypedResults.Ok(await reach.StaffOf(me.Id).OrderBy(a => a.DisplayName)
            .Select(a => new ContactDto(a.Id, a.DisplayName)).ToListAsync(ct));

    private static async Task<Results<Created<IssuedCodeDto>, NotFound>> IssueCodeAsync(Guid citizenId, CitizenCodes codes, CancellationToken ct) =>
        await codes.IssueAsync(citizenId, ct) is { } code
            ? TypedResults.Created((string?)null, new IssuedCodeDto(code.Code, code.ExpiresAt))
            : TypedResults.NotFound();
}

/// <summary>
/// Who may hand a citizen an enrolment code: a municipality administrator for any citizen of the
/// municipality, a staff member only for a citizen the reach policy says they may reach.
/// </summary>
public sealed class CitizenCodes(AppDbContext db, CurrentUser me, ReachPolicy reach, Enrolment enrolment)
{
    public async Task<IssuedCode?> IssueAsync(Guid citizenId, CancellationToken ct)
    {
        var citizen = await FindIssuableAsync(citizenId, ct);
        return citizen is null ? null : await enrolment.IssueAsync(citizen, me.Id, ct);
    }

    public async Task<Citizen?> FindIssuableAsync(Guid citizenId, CancellationToken ct)
    {
        if (me.TenantId is not { } tenant)
        {
            return null;
        }

        var query = db.Citizens.Where(c => c.Id == citizenId && c.TenantId == tenant);
        if (!me.Has(StaffRoles.MunicipalityAdmin))
        {
            query = query.Where(c => reach.ReachableLinksOf(me.Id).Any(l => l.CitizenId == c.Id));
        }

        return await query.SingleOrDefaultAsync(ct);
    }
}
