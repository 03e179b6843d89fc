using System.Net;
using Samtale.Tests.Infrastructure;
using static Samtale.Tests.Api.ApiEndpoints;

namespace Samtale.Tests.Api;

/// <summary>The other half of the authorisation tables: the refusals mean something only if the right caller gets in.</summary>
public sealed class ApiServesRightfulCallersTests
{
    public static readonly TheoryData<string, string, HttpStatusCode> RightfulCallers = new()
    {
        { Me, "staff", HttpStatusCode.OK },
        { Me, "citizen", HttpStatusCode.OK },
        { Me, "system-admin", HttpStatusCode.OK },
        { StaffCitizens, "staff", HttpStatusCode.OK },
        { StaffCitizens, "team-lead", HttpStatusCode.OK },
        { CitizenContacts, "citizen", HttpStatusCode.OK },
        { IssueCode, "staff", HttpStatusCode.Created },
        { IssueCode, "municipality-admin", HttpStatusCode.Created },
        { CreateMunicipality, "system-admin", HttpStatusCode.Created },
        { CreateTeam, "municipality-admin", HttpStatusCode.Created },
        { CreateStaff, "municipality-admin", HttpStatusCode.Created },
        { CreateCitizen, "municipality-admin", HttpStatusCode.Created },
        { CreateLink, "municipality-admin", HttpStatusCode.Created },
        { RemoveLink, "municipality-admin", HttpStatusCode.NoContent },
        { CitizenDevices, "municipality-admin", HttpStatusCode.OK },
        { RevokeDevice, "municipality-admin", HttpStatusCode.NoContent },
        { Inbox, "citizen", HttpStatusCode.OK },
        { Inbox, "staff", HttpStatusCode.OK },
        { Messages, "citizen", HttpStatusCode.OK },
        { Messages, "staff", HttpStatusCode.OK },
        { PostMessage, "citizen", HttpStatusCode.Created },
        { PostMessage, "staff", HttpStatusCode.Created },
        { MarkRead, "citizen", HttpStatusCode.NoContent },
        { MarkRead, "staff", HttpStatusCode.NoContent },
        { Search, "staff", HttpStatusCode.OK },
        { Upload, "citizen", HttpStatusCode.Created },
        { Upload, "staff", HttpStatusCode.Created },
        { Download, "citizen", HttpStatusCode.OK },
        { Download, "staff", HttpStatusCode.OK },
        { Preview, "citizen", HttpStatusCode.OK },
        { Preview, "staff", HttpStatusCode.OK },
        { PushKey, "citizen", HttpStatusCode.OK },
        { PushKey, "staff", HttpStatusCode.OK },
        { Subscribe, "citizen", HttpStatusCode.Created },
        { Subscribe, "staff", HttpStatusCode.Created },
        { Unsubscribe, "citizen", HttpStatusCode.NoContent },
        { Unsubscribe, "staff", HttpStatusCode.NoContent },
        { ExportCitizen, "municipality-admin", HttpStatusCode.OK },
        { ExportCitizenPdf, "municipality-admin", HttpStatusCode.OK },
    };

    [Theory]
    [MemberData(nameof(RightfulCallers))]
    public async Task RightfulCaller_CallsEndpoint_GetsIn(string endpoint, string caller, HttpStatusCode expected)
    {
        await using var app = await ProductApp.StartAsync();
        var world = await TwoMunicipalities.CreateAsync(app);

        var response = await world.Clients[caller].SendAsync(Request(endpoint, world));

        await HttpAssert.StatusAsync(expected, response);
    }
}
