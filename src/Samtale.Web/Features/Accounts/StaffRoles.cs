namespace Samtale.Web.Features.Accounts;

/// <summary>Roles of accounts that sign in with a password. Citizens are not accounts of this kind.</summary>
[Flags]
public enum StaffRoles
{
    None = 0,
    Staff = 1,
    TeamLead = 2,
    MunicipalityAdmin = 4,
    Auditor = 8,

    // Installation-wide roles: held by accounts without a municipality.
    SystemAdmin = 64,
    ItOperations = 128,
}

public static class StaffRolesExtensions
{
    public const StaffRoles InstallationRoles = StaffRoles.SystemAdmin | StaffRoles.ItOperations;

    public const StaffRoles TenantRoles = StaffRoles.Staff | StaffRoles.TeamLead | StaffRoles.MunicipalityAdmin | StaffRoles.Auditor;

    public static IEnumerable<StaffRoles> Each(this StaffRoles roles) =>
        Enum.GetValues<StaffRoles>().Where(r => r != StaffRoles.None && roles.HasFlag(r));
}
