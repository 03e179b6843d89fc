using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Samtale.Web.Data;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Audit;
using Samtale.Web.Features.Citizens;

namespace Samtale.Web.Features.Tenancy;

/// <summary>An administrative act that could not be done, with the field it concerns, for the form or the ProblemDetails.</summary>
public sealed record OrganisationError(string Field, string MessageKey);

/// <summary>
/// Setting up a municipality's organisation: municipalities, teams, staff accounts and citizens.
/// Each act writes its audit row in the same save.
/// </summary>
public sealed class Organisation(AppDbContext db, AuditTrail audit, TimeProvider clock, IPasswordHasher<StaffAccount> hasher, SessionStore sessions, AccessChanges changes)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<(OrganisationError? Error, Municipality? Municipality)> CreateMunicipalityAsync(string? name, CancellationToken ct)
    {
        var clean = (name ?? "").Trim();
        if (NameError(clean, "Name") is { } error)
        {
            return (error, null);
        }

        if (await db.Municipalities.AnyAsync(m => m.Name == clean, ct))
        {
            return (new("Name", "Error.Duplicate"), null);
        }

        var municipality = new Municipality { Name = clean, CreatedAt = Now };
        db.Municipalities.Add(municipality);
        audit.Record("municipality.create", null, "Municipality", municipality.Id);
        audit.Record("municipality.create", municipality.Id, "Municipality", municipality.Id);
        await db.SaveChangesAsync(ct);
        return (null, municipality);
    }

    public async Task<(OrganisationError? Error, Team? Team)> CreateTeamAsync(Guid tenantId, string? name, CancellationToken ct)
    {
        var clean = (name ?? "").Trim();
        if (NameError(clean, "Name") is { } error)
        {
            return (error, null);
        }

        if (await db.Teams.AnyAsync(t => t.TenantId == tenantId && t.Name == clean, ct))
        {
            return (new("Name", "Error.Duplicate"), null);
        }

        var team = new Team { TenantId = tenantId, Name = clean, CreatedAt = Now };
        db.Teams.Add(team);
        audit.Record("team.create", tenantId, "Team", team.Id);
        await db.SaveChangesAsync(ct);
        return (null, team);
    }

    /// <summary>
    /// Creates a password account. Tenant roles need a municipality; installation roles must not have one,
    /// so a municipality administrator can never create a system administrator.
    /// </summary>
    public async Task<(OrganisationError? Error, StaffAccount? Account)> CreateAccountAsync(
        Guid? tenantId, string? userName, string? displayName, string? password, StaffRoles roles, IReadOnlyCollection<Guid> teamIds, CancellationToken ct)
    {
        var name = StaffSignIn.Normalise(userName ?? "");
        var display = (displayName ?? "").Trim();
        if (name.Length is 0 or > FieldLimits.UserName || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@'))
        {
            return (new("UserName", "Error.UserName"), null);
        }

        if (NameError(display, "DisplayName") is { } error)
        {
            return (error, null);
        }

        if (PasswordError(password) is { } pwError)
        {
            return (pwError, null);
        }

        if (roles == StaffRoles.None
            || (tenantId is null && (roles & StaffRolesExtensions.TenantRoles) != 0)
            || (tenantId is not null && (roles & StaffRolesExtensions.InstallationRoles) != 0))
        {
            return (new("Roles", "Error.Roles"), null);
        }

        if (await db.StaffAccounts.IgnoreQueryFilters().AnyAsync(a => a.UserName == name, ct))
        {
            return (new("UserName", "Error.DuplicateUserName"), null);
        }

        var validTeams = tenantId is null ? [] : await db.Teams.Where(t => t.TenantId == tenantId && teamIds.Contains(t.Id)).Select(t => t.Id).ToListAsync(ct);
        if (validTeams.Count != teamIds.Count)
        {
            return (new("Teams", "Error.UnknownTeam"), null);
        }

        var account = new StaffAccount { TenantId = tenantId, UserName = name, DisplayName = display, Roles = roles, CreatedAt = Now };
        account.PasswordHash = hasher.HashPassword(account, password!);
        account.Teams.AddRange(validTeams.Select(t => new TeamMember { TeamId = t, StaffAccountId = account.Id }));
        db.StaffAccounts.Add(account);
        audit.Record("account.create", tenantId, "StaffAccount", account.Id, $"roles={(int)roles}");
        await db.SaveChangesAsync(ct);
        return (null, account);
    }

    public async Task<bool> SetTeamsAsync(Guid tenantId, Guid accountId, IReadOnlyCollection<Guid> teamIds, CancellationToken ct)
    {
        var account = await db.StaffAccounts.Include(a => a.Teams).SingleOrDefaultAsync(a => a.Id == accountId && a.TenantId == tenantId, ct);
        var validTeams = await db.Teams.Where(t => t.TenantId == tenantId && teamIds.Contains(t.Id)).Select(t => t.Id).ToListAsync(ct);
        if (account is null || validTeams.Count != teamIds.Count)
        {
            return false;
        }

        account.Teams.RemoveAll(m => !validTeams.Contains(m.TeamId));
        account.Teams.AddRange(validTeams.Where(t => account.Teams.All(m => m.TeamId != t)).Select(t => new TeamMember { TeamId = t, StaffAccountId = account.Id }));
        audit.Record("account.teams", tenantId, "StaffAccount", account.Id, $"teams={validTeams.Count}");
        await db.SaveChangesAsync(ct);
        changes.RaiseReachChanged();
        return true;
    }

    /// <summary>Disables an account and ends its sessions; links to it stop counting at once.</summary>
    public async Task<bool> DisableAccountAsync(Guid? tenantId, Guid accountId, CancellationToken ct)
    {
        var account = await db.StaffAccounts.SingleOrDefaultAsync(a => a.Id == accountId && a.TenantId == tenantId, ct);
        if (account is null)
        {
            return false;
        }

        account.DisabledAt ??= Now;
        audit.Record("account.disable", tenantId, "StaffAccount", account.Id);
        await db.SaveChangesAsync(ct);
        await sessions.EndAllForAsync(account.Id, "disabled", ct);

        // Citizens' open connections must stop reaching this account too, not only its own sessions.
        changes.RaiseReachChanged();
        return true;
    }

    public async Task<(OrganisationError? Error, Citizen? Citizen)> CreateCitizenAsync(Guid tenantId, string? displayName, CancellationToken ct)
    {
        var display = (displayName ?? "").Trim();
        if (NameError(display, "DisplayName") is { } error)
        {
            return (error, null);
        }

        var citizen = new Citizen { TenantId = tenantId, DisplayName = display, CreatedAt = Now };
        db.Citizens.Add(citizen);
        audit.Record("citizen.create", tenantId, "Citizen", citizen.Id);
        await db.SaveChangesAsync(ct);
        return (null, citizen);
    }

    public static OrganisationError? PasswordError(string? password) =>
        password is null || password.Length < FieldLimits.PasswordMin ? new("Password", "Error.PasswordShort")
        : password.Length > FieldLimits.PasswordMax ? new("Password", "Error.TooLong")
        : null;

    private static OrganisationError? NameError(string value, string field) =>
        value.Length == 0 ? new(field, "Error.Required")
        : value.Length > FieldLimits.Name ? new(field, "Error.TooLong")
        : value.Any(char.IsControl) ? new(field, "Error.Invalid")
        : null;
}
