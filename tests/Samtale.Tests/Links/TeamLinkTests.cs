using Microsoft.Extensions.DependencyInjection;
using Samtale.Tests.Infrastructure;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Staff;
using Samtale.Web.Features.Tenancy;

namespace Samtale.Tests.Links;

public sealed class TeamLinkTests
{
    [Fact]
    public async Task CitizenLinkedToTeam_ReachesEveryMemberAndNobodyElse()
    {
        await using var app = await ProductApp.StartAsync();
        var town = await app.CreateMunicipalityAsync("Nordby Kommune");
        var family = await app.CreateTeamAsync(town, "Familieteamet");
        var youth = await app.CreateTeamAsync(town, "Ungeteamet");
        var anna = await app.CreateStaffAsync(town, "anna", StaffRoles.Staff, family);
        var bo = await app.CreateStaffAsync(town, "bo", StaffRoles.Staff | StaffRoles.TeamLead, family, youth);
        var carl = await app.CreateStaffAsync(town, "carl", StaffRoles.Staff, youth);
        var dora = await app.CreateStaffAsync(town, "dora", StaffRoles.Staff);
        var liva = await app.CreateCitizenAsync(town, "Liva");
        await app.LinkAsync(liva, team: family);
        var (livasPhone, _) = await app.SignInCitizenAsync(liva);

        Assert.Equal(new[] { anna.Id, bo.Id }.Order(), (await UnlinkingTests.ContactIdsAsync(livasPhone)).Order());
        Assert.True(await app.MayReachAsync(liva, anna));
        Assert.True(await app.MayReachAsync(liva, bo));
        Assert.False(await app.MayReachAsync(liva, carl));
        Assert.False(await app.MayReachAsync(liva, dora));
        Assert.Equal([liva.Id], await CaseloadAsync(app, "anna"));
        Assert.Empty(await CaseloadAsync(app, "carl"));
    }

    [Fact]
    public async Task StaffMember_RemovedFromTheTeam_NoLongerReachesItsCitizens()
    {
        await using var app = await ProductApp.StartAsync();
        var town = await app.CreateMunicipalityAsync("Nordby Kommune");
        var family = await app.CreateTeamAsync(town, "Familieteamet");
        var anna = await app.CreateStaffAsync(town, "anna", StaffRoles.Staff, family);
        var liva = await app.CreateCitizenAsync(town, "Liva");
        await app.LinkAsync(liva, team: family);
        Assert.True(await app.MayReachAsync(liva, anna));

        await app.InScopeAsync(sp => sp.GetRequiredService<Organisation>().SetTeamsAsync(town.Id, anna.Id, [], default));

        Assert.False(await app.MayReachAsync(liva, anna));
    }

    [Fact]
    public async Task DisabledStaffMember_IsNoLongerReachable()
    {
        await using var app = await ProductApp.StartAsync();
        var town = await app.CreateMunicipalityAsync("Nordby Kommune");
        var anna = await app.CreateStaffAsync(town, "anna", StaffRoles.Staff);
        var liva = await app.CreateCitizenAsync(town, "Liva");
        await app.LinkAsync(liva, staff: anna);
        var (livasPhone, _) = await app.SignInCitizenAsync(liva);

        await app.InScopeAsync(sp => sp.GetRequiredService<Organisation>().DisableAccountAsync(town.Id, anna.Id, default));

        Assert.False(await app.MayReachAsync(liva, anna));
        Assert.Empty(await UnlinkingTests.ContactIdsAsync(livasPhone));
    }

    private static async Task<List<Guid>> CaseloadAsync(ProductApp app, string userName)
    {
        using var staff = await app.SignInStaffAsync(userName);
        return (await HttpAssert.JsonAsync<List<LinkedCitizenDto>>(await staff.GetAsync("/api/staff/citizens"))).Select(c => c.CitizenId).ToList();
    }
}
