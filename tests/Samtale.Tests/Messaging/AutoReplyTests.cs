using System.Net;
using Samtale.Tests.Infrastructure;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Messaging;

namespace Samtale.Tests.Messaging;

/// <summary>
/// Anna sets an absence notice (autosvar) on her auto-reply page. A citizen who writes to her in that
/// period gets it once per conversation; outside it, or in a team conversation, nobody gets it.
/// The test clock starts on Monday 2 March 2026, 09:00 in Copenhagen.
/// </summary>
public sealed class AutoReplyTests
{
    private const string Notice = "Jeg er på ferie. Ring til Familieteamet på 7020 1234, hvis det haster.";

    [Fact]
    public async Task CitizenWritingInTheAbsence_GetsTheNoticeOnceInTheConversation()
    {
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        await SetAbsenceAsync(w.AnnasBrowser, "2026-03-02", "2026-03-06");
        await using var liva = await ChatConnection.OpenAsync(app, w.LivasPhone);

        var first = await liva.SendAsync(w.ConversationId, "foerste", "Hej Anna, kan du ringe?");
        var own = await liva.NextAsync();
        var reply = await liva.NextAsync();
        app.Clock.Advance(TimeSpan.FromHours(2));
        await liva.SendAsync(w.ConversationId, "anden", "Hallo?");

        Assert.Equal(first.MessageId, own.Id);
        Assert.True(reply.IsAutoReply);
        Assert.Equal((Notice, w.Anna.Id, "Staff"), (reply.Text, reply.SenderId, reply.SenderKind));
        var history = await Chat.HistoryAsync(w.LivasPhone, w.ConversationId);
        Assert.Equal(["Hej Anna, kan du ringe?", Notice, "Hallo?"], history.Select(m => m.Text));
        Assert.Equal([false, true, false], history.Select(m => m.IsAutoReply));
    }

    [Fact]
    public async Task CitizenWritingFromTwoDevicesAtOnce_EveryMessageIsAcceptedAndTheNoticeComesOnce()
    {
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        await SetAbsenceAsync(w.AnnasBrowser, "2026-03-02", "2026-03-06");
        await using var phone = await ChatConnection.OpenAsync(app, w.LivasPhone);
        await using var tablet = await ChatConnection.OpenAsync(app, (await app.SignInCitizenAsync(w.Liva)).Client);

        var sends = Enumerable.Range(1, 6).Select(i => (i % 2 == 0 ? phone : tablet).SendAsync(w.ConversationId, $"k{i}", $"Besked {i}")).ToList();
        var outcomes = await Task.WhenAll(sends.Select(async s => await Record.ExceptionAsync(() => s)));

        Assert.All(outcomes, e => Assert.Null(e));
        var history = await Chat.HistoryAsync(w.LivasPhone, w.ConversationId);
        Assert.Equal(7, history.Count);
        Assert.Single(history, m => m.IsAutoReply);
    }

    [Fact]
    public async Task CitizenWritingBeforeOrAfterTheAbsence_GetsNoNotice()
    {
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        var noah = await app.CreateCitizenAsync(w.Nordby, "Noah Citizen");
        await app.LinkAsync(noah, staff: w.Anna);
        await SetAbsenceAsync(w.AnnasBrowser, "2026-03-09", "2026-03-13");

        await Chat.PostAsync(w.LivasPhone, w.ConversationId, "Skrevet ugen før");
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 10, 9, 0, 0, TimeSpan.Zero));
        await Chat.PostAsync(w.LivasPhone, w.ConversationId, "Skrevet midt i ferien");
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 13, 23, 0, 0, TimeSpan.Zero));
        var (noahsPhone, _) = await app.SignInCitizenAsync(noah);
        var noahsConversation = (await Chat.InboxAsync(noahsPhone)).Single().ConversationId;
        await Chat.PostAsync(noahsPhone, noahsConversation, "Skrevet lørdag efter ferien");

        Assert.Equal(["Skrevet ugen før", "Skrevet midt i ferien", Notice], (await Chat.HistoryAsync(w.LivasPhone, w.ConversationId)).Select(m => m.Text));
        Assert.Equal(["Skrevet lørdag efter ferien"], (await Chat.HistoryAsync(noahsPhone, noahsConversation)).Select(m => m.Text));
    }

    [Fact]
    public async Task CitizenWritingToTheTeam_WhileATeamMemberIsAway_GetsNoNotice()
    {
        await using var app = await ProductApp.StartAsync();
        var town = await app.CreateMunicipalityAsync("Nordby Kommune");
        var team = await app.CreateTeamAsync(town, "Familieteamet");
        var anna = await app.CreateStaffAsync(town, "anna", StaffRoles.Staff, team);
        var sofie = await app.CreateCitizenAsync(town, "Sofie");
        var liva = await app.CreateCitizenAsync(town, "Liva");
        await app.LinkAsync(sofie, team: team);
        await app.LinkAsync(liva, staff: anna);
        using var annasBrowser = await app.SignInStaffAsync("anna");
        await SetAbsenceAsync(annasBrowser, "2026-03-02", "2026-03-06");
        var (sofiesPhone, _) = await app.SignInCitizenAsync(sofie);
        var (livasPhone, _) = await app.SignInCitizenAsync(liva);
        var teamConversation = Assert.Single(await Chat.InboxAsync(sofiesPhone));
        var direct = Assert.Single(await Chat.InboxAsync(livasPhone));

        await Chat.PostAsync(sofiesPhone, teamConversation.ConversationId, "Hej Familieteamet");
        await Chat.PostAsync(livasPhone, direct.ConversationId, "Hej Anna");

        Assert.Equal(CounterpartKind.Team, teamConversation.CounterpartKind);
        Assert.Equal(["Hej Familieteamet"], (await Chat.HistoryAsync(sofiesPhone, teamConversation.ConversationId)).Select(m => m.Text));
        Assert.Equal(["Hej Anna", Notice], (await Chat.HistoryAsync(livasPhone, direct.ConversationId)).Select(m => m.Text));
    }

    [Fact]
    public async Task StaffMemberWriting_WhileAway_TriggersNoNotice()
    {
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        await SetAbsenceAsync(w.AnnasBrowser, "2026-03-02", "2026-03-06");

        await Chat.PostAsync(w.AnnasBrowser, w.ConversationId, "Et sidste svar før ferien");

        Assert.Equal(["Et sidste svar før ferien"], (await Chat.HistoryAsync(w.LivasPhone, w.ConversationId)).Select(m => m.Text));
    }

    private static async Task SetAbsenceAsync(HttpClient staff, string from, string to)
    {
        var response = await Forms.SubmitAsync(staff, "/Staff/Absence", new Dictionary<string, string> { ["From"] = from, ["To"] = to, ["Text"] = Notice });
        await HttpAssert.StatusAsync(HttpStatusCode.Redirect, response);
    }
}
