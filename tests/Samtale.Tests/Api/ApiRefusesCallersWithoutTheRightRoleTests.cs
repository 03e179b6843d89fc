using System.Net;
using Samtale.Tests.Infrastructure;
using static Samtale.Tests.Api.ApiEndpoints;

namespace Samtale.Tests.Api;

public sealed class ApiRefusesCallersWithoutTheRightRoleTests(SharedTwoMunicipalities shared) : IClassFixture<SharedTwoMunicipalities>
{
    public static readonly TheoryData<string> EveryEndpoint = Each(All);

    public static readonly TheoryData<string> StaffEndpoints = Each(StaffOnly);

    /// <summary>Callers who are signed in but lack the role an endpoint needs.</summary>
    public static readonly TheoryData<string, string> WrongRoles = new()
    {
        { StaffCitizens, "municipality-admin" },
        { StaffCitizens, "auditor" },
        { StaffCitizens, "system-admin" },
        { CitizenContacts, "staff" },
        { CitizenContacts, "municipality-admin" },
        { IssueCode, "auditor" },
        { IssueCode, "system-admin" },
        { CreateMunicipality, "municipality-admin" },
        { CreateMunicipality, "staff" },
        { CreateTeam, "staff" },
        { CreateTeam, "team-lead" },
        { CreateTeam, "auditor" },
        { CreateTeam, "system-admin" },
        { CreateStaff, "staff" },
        { CreateStaff, "team-lead" },
        { CreateStaff, "system-admin" },
        { CreateCitizen, "staff" },
        { CreateCitizen, "auditor" },
        { CreateLink, "staff" },
        { CreateLink, "team-lead" },
        { RemoveLink, "staff" },
        { RemoveLink, "auditor" },
        { CitizenDevices, "staff" },
        { CitizenDevices, "team-lead" },
        { RevokeDevice, "staff" },
        { RevokeDevice, "auditor" },
        { RevokeDevice, "system-admin" },
        { Search, "municipality-admin" },
        { Search, "auditor" },
        { Subscribe, "system-admin" },
        { ExportCitizen, "staff" },
        { ExportCitizen, "team-lead" },
        { ExportCitizen, "auditor" },
        { ExportCitizen, "system-admin" },
        { ExportCitizenPdf, "staff" },
        { ExportCitizenPdf, "auditor" },
        { ExportCitizenPdf, "system-admin" },
    };

    private TwoMunicipalities World => shared.World;

    [Theory]
    [MemberData(nameof(EveryEndpoint))]
    public async Task Anonymous_CallsEndpoint_Gets401(string endpoint)
    {
        var response = await World.Clients["anonymous"].SendAsync(Request(endpoint, World));

        await HttpAssert.StatusAsync(HttpStatusCode.Unauthorized, response);
    }

    [Theory]
    [MemberData(nameof(WrongRoles))]
    public async Task WrongRole_CallsEndpoint_Gets403(string endpoint, string caller)
    {
        var response = await World.Clients[caller].SendAsync(Request(endpoint, World));

        await HttpAssert.StatusAsync(HttpStatusCode.Forbidden, response);
    }

    [Theory]
    [MemberData(nameof(StaffEndpoints))]
    public async Task Citizen_CallsStaffOrAdminEndpoint_Gets403(string endpoint)
    {
        var response = await World.Clients["citizen"].SendAsync(Request(endpoint, World));

        await HttpAssert.StatusAsync(HttpStatusCode.Forbidden, response);
    }
}
