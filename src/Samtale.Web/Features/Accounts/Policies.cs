using Microsoft.AspNetCore.Authorization;

namespace Samtale.Web.Features.Accounts;

/// <summary>Named authorisation policies, one per role in the product.</summary>
public static class Policies
{
    public const string CitizenRole = "Citizen";

    public const string Citizen = "citizen";
    public const string Staff = "staff";
    public const string TeamLead = "team-lead";
    public const string MunicipalityAdmin = "municipality-admin";
    public const string SystemAdmin = "system-admin";
    public const string ItOperations = "it-operations";
    public const string Auditor = "auditor";

    /// <summary>Anyone who may issue enrolment codes: staff for their own citizens, administrators for all in the municipality.</summary>
    public const string IssuesCodes = "issues-codes";

    public static void Add(AuthorizationOptions o)
    {
        o.AddPolicy(Citizen, p => p.RequireRole(CitizenRole));
        o.AddPolicy(Staff, p => p.RequireRole(nameof(StaffRoles.Staff), nameof(StaffRoles.TeamLead)));
        o.AddPolicy(TeamLead, p => p.RequireRole(nameof(StaffRoles.TeamLead)));
        o.AddPolicy(MunicipalityAdmin, p => p.RequireRole(nameof(StaffRoles.MunicipalityAdmin)));
        o.AddPolicy(SystemAdmin, p => p.RequireRole(nameof(StaffRoles.SystemAdmin)));
        o.AddPolicy(ItOperations, p => p.RequireRole(nameof(StaffRoles.ItOperations), nameof(StaffRoles.SystemAdmin)));
        o.AddPolicy(Auditor, p => p.RequireRole(nameof(StaffRoles.Auditor)));
        o.AddPolicy(IssuesCodes, p => p.RequireRole(nameof(StaffRoles.Staff), nameof(StaffRoles.TeamLead), nameof(StaffRoles.MunicipalityAdmin)));
    }
}
