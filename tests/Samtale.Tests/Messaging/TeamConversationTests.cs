using System.Net;
using Samtale.Tests.Infrastructure;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Citizens;
using Samtale.Web.Features.Links;
using Samtale.Web.Features.Messaging;
using Samtale.Web.Features.Tenancy;

namespace Samtale.Tests.Messaging;

/// <summary>
/// Liva is linked to the family team (Anna and Carl) and directly to Anna. Anyone in the team may answer the
/// team conversation and Liva sees who did; a staff member of another team may not.
/// </summary>
public sealed class TeamConversationTests
{
    [Fact]
    public async Task CitizenMessageToTheTeam_ReachesEveryMember_AndTheAnswerShowsWhoAnswered()
    {
        await using var app = await ProductApp.StartAsync();
        var f = await FamilyAsync(app);
        await using var anna = await ChatConnection.OpenAsync(app, await app.SignInStaffAsync("anna"));
        await using var carl = await ChatConnection.OpenAsync(app, await app.SignInStaffAsync("carl"));
        await using var bo = await ChatConnection.OpenAsync(app, await app.SignInStaffAsync("bo"));
        await using var liva = await ChatConnection.OpenAsync(app, f.LivasPhone);

        var question = await liva.SendAsync(f.TeamConversationId, "spoergsmaal", "Hvem kan hjælpe mig i dag?");
        var atAnna = await anna.NextAsync();
        var atCarl = await carl.NextAsync();
        Assert.Equal((question.MessageId, question.MessageId), (atAnna.Id, atCarl.Id));
        Assert.Equal(question.MessageId, (await liva.NextAsync()).Id);

        var answer = await carl.SendAsync(f.TeamConversationId, "svar", "Det kan jeg, Carl her.");

        var atLiva = await liva.NextAsync();
        Assert.Equal((answer.MessageId, "Display carl", "Staff"), (atLiva.Id, atLiva.SenderName, atLiva.SenderKind));
        Assert.Equal(answer.MessageId, (await anna.NextAsync()).Id);
        Assert.Empty(bo.Drain());
        var team = (await Chat.InboxAsync(f.LivasPhone)).Single(e => e.ConversationId == f.TeamConversationId);
        Assert.Equal("Familieteamet", team.Title);
    }

    [Fact]
    public async Task StaffOfAnotherTeam_NamingTheTeamConversation_IsRefusedAndNothingIsStored()
    {
        await using var app = await ProductApp.StartAsync();
        var f = await FamilyAsync(app);
        await using var bo = await ChatConnection.OpenAsync(app, await app.SignInStaffAsync("bo"));
        var before = await DbSnapshot.TakeAsync(app);

        await HubAssert.RefusedAsync("not-found", () => bo.SendAsync(f.TeamConversationId, "bo", "Hej Liva"));
        await HubAssert.RefusedAsync("not-found", () => bo.MarkReadAsync(f.TeamConversationId, long.MaxValue));

        Assert.Equal(before, await DbSnapshot.TakeAsync(app));
    }

    [Fact]
    public async Task RemovedTeamLink_ClosesTheCitizensConnection_AndOnlyTheTeamConversationIsGone()
    {
        await using var app = await ProductApp.StartAsync();
        var f = await FamilyAsync(app);
        using var admin = await app.SignInStaffAsync("nordby.admin");
        await using var liva = await ChatConnection.OpenAsync(app, f.LivasPhone);

        await HttpAssert.StatusAsync(HttpStatusCode.NoContent, await admin.DeleteAsync($"/api/admin/links/{f.TeamLink.Id}"));

        Assert.True(await liva.ClosesAsync(), "the citizen's connection stayed open after a link was removed");
        await using var livaAgain = await ChatConnection.OpenAsync(app, f.LivasPhone);
        await HubAssert.RefusedAsync("not-found", () => livaAgain.SendAsync(f.TeamConversationId, "team", "Til teamet"));
        var ack = await livaAgain.SendAsync(f.DirectConversationId, "anna", "Til Anna");
        Assert.Equal([(ack.MessageId, "Til Anna")], (await Chat.HistoryAsync(f.LivasPhone, f.DirectConversationId)).Select(m => (m.Id, m.Text)));
        Assert.Equal([f.DirectConversationId], (await Chat.InboxAsync(f.LivasPhone)).Select(e => e.ConversationId));
    }

    private static async Task<Family> FamilyAsync(ProductApp app)
    {
        var town = await app.CreateMunicipalityAsync("Nordby Kommune");
        var familyTeam = await app.CreateTeamAsync(town, "Familieteamet");
        var youthTeam = await app.CreateTeamAsync(town, "Ungeteamet");
        await app.CreateStaffAsync(town, "nordby.admin", StaffRoles.MunicipalityAdmin);
        var anna = await app.CreateStaffAsync(town, "anna", StaffRoles.Staff, familyTeam);
        await app.CreateStaffAsync(town, "carl", StaffRoles.Staff, familyTeam);
        await app.CreateStaffAsync(town, "bo", StaffRoles.Staff | StaffRoles.TeamLead, youthTeam);
        var liva = await app.CreateCitizenAsync(town, "Liva Citizen");
        var teamLink = await app.LinkAsync(liva, team: familyTeam, caseReference: "SAG-2026-0002");
        await app.LinkAsync(liva, staff: anna);
        var (phone, _) = await app.SignInCitizenAsync(liva);
        var inbox = await Chat.InboxAsync(phone);
        return new Family(town, liva, teamLink, phone,
            inbox.Single(e => e.CounterpartKind == CounterpartKind.Team).ConversationId,
            inbox.Single(e => e.CounterpartKind == CounterpartKind.Staff).ConversationId);
    }

    private sealed record Family(Municipality Town, Citizen Liva, CitizenLink TeamLink, HttpClient LivasPhone, Guid TeamConversationId, Guid DirectConversationId);
}
