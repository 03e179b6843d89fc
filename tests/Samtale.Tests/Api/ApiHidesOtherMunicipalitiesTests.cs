using System.Net;
using System.Net.Http.Json;
using Samtale.Tests.Infrastructure;
using static Samtale.Tests.Api.ApiEndpoints;

namespace Samtale.Tests.Api;

/// <summary>
/// Ids from elsewhere answer 404, as if they did not exist: the answer must not even confirm that
/// a citizen, link or device with that id lives in another municipality or another caseload.
/// </summary>
public sealed class ApiHidesOtherMunicipalitiesTests
{
    public static readonly TheoryData<string> NordbyIdEndpoints = Each([IssueCode, CreateLink, RemoveLink, CitizenDevices, RevokeDevice, ExportCitizen, ExportCitizenPdf]);

    [Theory]
    [MemberData(nameof(NordbyIdEndpoints))]
    public async Task OtherMunicipalityAdmin_ActsOnNordbyIds_Gets404AndNothingChanges(string endpoint)
    {
        await using var app = await ProductApp.StartAsync();
        var world = await TwoMunicipalities.CreateAsync(app);
        var before = await DbSnapshot.TakeAsync(app);

        var response = await world.Clients["other-municipality-admin"].SendAsync(Request(endpoint, world));

        await HttpAssert.StatusAsync(HttpStatusCode.NotFound, response);
        Assert.Equal(before, await DbSnapshot.TakeAsync(app));
        await HttpAssert.StatusAsync(HttpStatusCode.OK, await world.Clients["citizen"].GetAsync("/api/citizen/contacts"));
    }

    [Theory]
    [InlineData("other-municipality-staff")]
    [InlineData("team-lead")]
    public async Task StaffNotLinkedToCitizen_IssuesEnrolmentCode_Gets404AndNothingChanges(string caller)
    {
        await using var app = await ProductApp.StartAsync();
        var world = await TwoMunicipalities.CreateAsync(app);
        var before = await DbSnapshot.TakeAsync(app);

        var response = await world.Clients[caller].SendAsync(Request(IssueCode, world));

        await HttpAssert.StatusAsync(HttpStatusCode.NotFound, response);
        Assert.Equal(before, await DbSnapshot.TakeAsync(app));
    }

    /// <summary>Everyone who is not a party to Liva and Anna's conversation: the wrong citizen, the wrong staff member, the wrong municipality.</summary>
    public static readonly TheoryData<string, string> OutsidersOfLivasConversation = new()
    {
        { Messages, "other-citizen" }, { PostMessage, "other-citizen" }, { MarkRead, "other-citizen" },
        { Messages, "team-lead" }, { PostMessage, "team-lead" }, { MarkRead, "team-lead" }, { Search, "team-lead" },
        { Messages, "other-municipality-staff" }, { PostMessage, "other-municipality-staff" }, { MarkRead, "other-municipality-staff" }, { Search, "other-municipality-staff" },
        { Messages, "municipality-admin" }, { PostMessage, "municipality-admin" }, { MarkRead, "municipality-admin" },
        { Messages, "other-municipality-admin" }, { PostMessage, "other-municipality-admin" },
        { Upload, "other-citizen" }, { Download, "other-citizen" }, { Preview, "other-citizen" },
        { Upload, "team-lead" }, { Download, "team-lead" }, { Preview, "team-lead" },
        { Upload, "other-municipality-staff" }, { Download, "other-municipality-staff" }, { Preview, "other-municipality-staff" },
        { Download, "municipality-admin" }, { Download, "other-municipality-admin" },
    };

    [Theory]
    [MemberData(nameof(OutsidersOfLivasConversation))]
    public async Task Outsider_UsesSomeoneElsesConversation_Gets404AndNothingChanges(string endpoint, string caller)
    {
        await using var app = await ProductApp.StartAsync();
        var world = await TwoMunicipalities.CreateAsync(app);
        var before = await DbSnapshot.TakeAsync(app);

        var response = await world.Clients[caller].SendAsync(Request(endpoint, world));

        await HttpAssert.StatusAsync(HttpStatusCode.NotFound, response);
        Assert.Equal(before, await DbSnapshot.TakeAsync(app));
    }

    [Fact]
    public async Task OtherMunicipalityTeam_InNewStaffAccount_IsRefusedAndNothingChanges()
    {
        await using var app = await ProductApp.StartAsync();
        var world = await TwoMunicipalities.CreateAsync(app);
        var before = await DbSnapshot.TakeAsync(app);

        var response = await world.Clients["other-municipality-admin"].PostAsJsonAsync("/api/admin/staff", new
        {
            userName = "snyder",
            displayName = "Snyder",
            password = ProductApp.Password,
            roles = new[] { "Staff" },
            teamIds = new[] { world.FamilyTeam.Id },
        });

        await HttpAssert.StatusAsync(HttpStatusCode.BadRequest, response);
        Assert.Equal(before, await DbSnapshot.TakeAsync(app));
    }

    [Fact]
    public async Task OtherMunicipalityAdmin_LinksOwnCitizenToNordbyStaff_Gets404AndNothingChanges()
    {
        await using var app = await ProductApp.StartAsync();
        var world = await TwoMunicipalities.CreateAsync(app);
        var before = await DbSnapshot.TakeAsync(app);

        var response = await world.Clients["other-municipality-admin"].PostAsJsonAsync("/api/admin/links", new
        {
            citizenId = world.Mikkel.Id,
            staffAccountId = world.Anna.Id,
            caseReference = "SAG-2026-0099",
        });

        await HttpAssert.StatusAsync(HttpStatusCode.NotFound, response);
        Assert.Equal(before, await DbSnapshot.TakeAsync(app));
        Assert.False(await app.MayReachAsync(world.Mikkel, world.Anna));
    }
}
