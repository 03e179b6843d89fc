using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Samtale.Web.Data;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Citizens;
using Samtale.Web.Features.Links;
using Samtale.Web.Features.Tenancy;
using Samtale.Web.Resources;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Admin;

public sealed record CreateNamed(string? Name);

public sealed record CreateCitizen(string? DisplayName);

public sealed record CreateStaff(string? UserName, string? DisplayName, string? Password, string[]? Roles, Guid[]? TeamIds);

public sealed record CreateLink(Guid CitizenId, Guid? StaffAccountId, Guid? TeamId, string? CaseReference);

public sealed record CreatedDto(Guid Id);

/// <summary>
/// The JSON side of the admin console, for scripts and the municipality's own tools. Every handler works
/// inside the caller's municipality: the DbContext is scoped to it, and ids from elsewhere answer 404.
/// </summary>
public static class AdminEndpoints
{
    public static WebApplication MapAdmin(this WebApplication app)
    {
        var system = app.MapGroup("/api/system").RequireAuthorization(Policies.SystemAdmin);
        system.MapPost("/municipalities", CreateMunicipalityAsync);

        var admin = app.MapGroup("/api/admin").RequireAuthorization(Policies.MunicipalityAdmin);
        admin.MapPost("/teams", CreateTeamAsync);
        admin.MapPost("/staff", CreateStaffAsync);
        admin.MapPost("/citizens", CreateCitizenAsync);
        admin.MapPost("/links", CreateLinkAsync);
        admin.MapDelete("/links/{linkId:guid}", RemoveLinkAsync);
        admin.MapGet("/citizens/{citizenId:guid}/devices", DevicesAsync);
        admin.MapPost("/devices/{deviceId:guid}/revoke", RevokeDeviceAsync);
        return app;
    }

    private static async Task<Results<Created<CreatedDto>, ValidationProblem>> CreateMunicipalityAsync(CreateNamed body, Organisation org, IStringLocalizer<Text> t, CancellationToken ct)
    {
        var (error, municipality) = await org.CreateMunicipalityAsync(body.Name, ct);
        return error is null ? TypedResults.Created((string?)null, new CreatedDto(municipality!.Id)) : Problem(error, t);
    }

    private static async Task<Results<Created<CreatedDto>, ValidationProblem>> CreateTeamAsync(CreateNamed body, Organisation org, CurrentUser me, IStringLocalizer<Text> t, CancellationToken ct)
    {
        var (error, team) = await org.CreateTeamAsync(me.RequireTenant(), body.Name, ct);
        return error is null ? TypedResults.Created((string?)null, new CreatedDto(team!.Id)) : Problem(error, t);
    }

    private static async Task<Results<Created<CreatedDto>, ValidationProblem>> CreateStaffAsync(CreateStaff body, Organisation org, CurrentUser me, IStringLocalizer<Text> t, CancellationToken ct)
    {
        var roles = StaffRoles.None;
        foreach (var r in body.Roles ?? [])
        {
            if (!Enum.TryParse<StaffRoles>(r, ignoreCase: true, out var role) || !Enum.IsDefined(role) || (StaffRolesExtensions.TenantRoles & role) != role)
            {
                return Problem(new OrganisationError("Roles", "Error.Roles"), t);
            }

            roles |= role;
        }

        var (error, account) = await org.CreateAccountAsync(me.RequireTenant(), body.UserName, body.DisplayName, body.Password, roles, body.TeamIds ?? [], ct);
        return error is null ? TypedResults.Created((string?)null, new CreatedDto(account!.Id)) : Problem(error, t);
    }

    private static async Task<Results<Created<CreatedDto>, ValidationProblem>> CreateCitizenAsync(CreateCitizen body, Organisation org, CurrentUser me, IStringLocalizer<Text> t, CancellationToken ct)
    {
        var (error, citizen) = await org.CreateCitizenAsync(me.RequireTenant(), body.DisplayName, ct);
        return error is null ? TypedResults.Created((string?)null, new CreatedDto(citizen!.Id)) : Problem(error, t);
    }

    private static async Task<Results<Created<CreatedDto>, ValidationProblem, NotFound>> CreateLinkAsync(CreateLink body, LinkAdministration links, CurrentUser me, IStringLocalizer<Text> t, CancellationToken ct)
    {
        var (error, link) = await links.LinkAsync(me.RequireTenant(), body.CitizenId, body.StaffAccountId, body.TeamId, body.CaseReference, me.Id, ct);
        return error switch
        {
            LinkError.None => TypedResults.Created((string?)null, new CreatedDto(link!.Id)),
            LinkError.UnknownCitizen or LinkError.UnknownTarget => TypedResults.NotFound(),
            LinkError.BadCaseReference => Problem(new OrganisationError("CaseReference", "Error.CaseReference"), t),
            LinkError.AlreadyLinked => Problem(new OrganisationError("CitizenId", "Error.AlreadyLinked"), t),
            _ => Problem(new OrganisationError("StaffAccountId", "Error.LinkTarget"), t),
        };
    }

    private static async Task<Results<NoContent, NotFound>> RemoveLinkAsync(Guid linkId, LinkAdministration links, CancellationToken ct) =>
        await links.UnlinkAsync(linkId, ct) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<Results<Ok<List<DeviceDto>>, NotFound>> DevicesAsync(Guid citizenId, AppDbContext db, DeviceAdministration devices, CancellationToken ct) =>
        await db.Citizens.AnyAsync(c => c.Id == citizenId, ct)
            ? TypedResults.Ok(await devices.ListAsync(citizenId, ct))
            : TypedResults.NotFound();

    private static async Task<Results<NoContent, NotFound>> RevokeDeviceAsync(Guid deviceId, DeviceAdministration devices, CancellationToken ct) =>
        await devices.RevokeAsync(deviceId, ct) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static ValidationProblem Problem(OrganisationError error, IStringLocalizer<Text> t) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [error.Field] = [t[error.MessageKey]] });
}
