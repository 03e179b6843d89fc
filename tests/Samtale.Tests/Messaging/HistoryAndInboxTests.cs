using Samtale.Tests.Infrastructure;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Messaging;

namespace Samtale.Tests.Messaging;

/// <summary>Scrolling back through a long conversation, and the inbox telling what is unread and what is new.</summary>
public sealed class HistoryAndInboxTests
{
    [Fact]
    public async Task History_Of120Messages_ComesInPagesOf50ByCursorOldestFirstWithoutGapsOrDuplicates()
    {
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        await using var liva = await ChatConnection.OpenAsync(app, w.LivasPhone);
        await using var anna = await ChatConnection.OpenAsync(app, w.AnnasBrowser);
        var sent = new List<long>();
        for (var i = 1; i <= 120; i++)
        {
            var from = i % 3 == 0 ? anna : liva;
            sent.Add((await from.SendAsync(w.ConversationId, $"k{i}", $"Besked {i:000}")).MessageId);
        }

        var newest = await Chat.PageAsync(w.AnnasBrowser, w.ConversationId);
        var middle = await Chat.PageAsync(w.AnnasBrowser, w.ConversationId, newest.OlderCursor);
        var oldest = await Chat.PageAsync(w.AnnasBrowser, w.ConversationId, middle.OlderCursor);

        Assert.Equal(Texts(71, 120), newest.Messages.Select(m => m.Text));
        Assert.Equal(Texts(21, 70), middle.Messages.Select(m => m.Text));
        Assert.Equal(Texts(1, 20), oldest.Messages.Select(m => m.Text));
        Assert.Equal(newest.Messages[0].Id, newest.OlderCursor);
        Assert.Equal(middle.Messages[0].Id, middle.OlderCursor);
        Assert.Null(oldest.OlderCursor);
        Assert.Equal(sent, oldest.Messages.Concat(middle.Messages).Concat(newest.Messages).Select(m => m.Id));
    }

    [Fact]
    public async Task HistoryCursor_WhileNewMessagesArrive_StillPointsAtTheSameOlderPage()
    {
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        await using var liva = await ChatConnection.OpenAsync(app, w.LivasPhone);
        for (var i = 1; i <= 120; i++)
        {
            await liva.SendAsync(w.ConversationId, $"k{i}", $"Besked {i:000}");
        }

        var newest = await Chat.PageAsync(w.LivasPhone, w.ConversationId);
        var middleBefore = await Chat.PageAsync(w.LivasPhone, w.ConversationId, newest.OlderCursor);
        for (var i = 121; i <= 130; i++)
        {
            await liva.SendAsync(w.ConversationId, $"k{i}", $"Besked {i:000}");
        }

        var middleAfter = await Chat.PageAsync(w.LivasPhone, w.ConversationId, newest.OlderCursor);
        var oldestAfter = await Chat.PageAsync(w.LivasPhone, w.ConversationId, middleAfter.OlderCursor);

        Assert.Equal(middleBefore.Messages.Select(m => (m.Id, m.Text)), middleAfter.Messages.Select(m => (m.Id, m.Text)));
        Assert.Equal(middleBefore.OlderCursor, middleAfter.OlderCursor);
        Assert.Equal(Texts(1, 20), oldestAfter.Messages.Select(m => m.Text));
        Assert.Equal(Texts(81, 130), (await Chat.PageAsync(w.LivasPhone, w.ConversationId)).Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task UnreadCount_AfterMarkRead_DropsToWhatIsStillUnread()
    {
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        await using var liva = await ChatConnection.OpenAsync(app, w.LivasPhone);
        await using var anna = await ChatConnection.OpenAsync(app, w.AnnasBrowser);
        var first = await liva.SendAsync(w.ConversationId, "a", "Hej");
        var second = await liva.SendAsync(w.ConversationId, "b", "Er du der?");
        var third = await liva.SendAsync(w.ConversationId, "c", "Ring gerne");
        Assert.Equal(3, await UnreadAsync(w.AnnasBrowser, w.ConversationId));
        Assert.Equal(0, await UnreadAsync(w.LivasPhone, w.ConversationId));

        await anna.MarkReadAsync(w.ConversationId, second.MessageId);
        Assert.Equal(1, await UnreadAsync(w.AnnasBrowser, w.ConversationId));

        await anna.MarkReadAsync(w.ConversationId, first.MessageId);
        Assert.Equal(1, await UnreadAsync(w.AnnasBrowser, w.ConversationId));

        await anna.MarkReadAsync(w.ConversationId, third.MessageId);
        Assert.Equal(0, await UnreadAsync(w.AnnasBrowser, w.ConversationId));

        var reply = await anna.SendAsync(w.ConversationId, "svar", "Jeg ringer kl. 14");
        Assert.Equal(1, await UnreadAsync(w.LivasPhone, w.ConversationId));
        await liva.MarkReadAsync(w.ConversationId, reply.MessageId);
        Assert.Equal(0, await UnreadAsync(w.LivasPhone, w.ConversationId));
    }

    [Fact]
    public async Task Markers_WhenTheStaffMemberReceivesAndReads_ReachTheCitizenLive()
    {
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        await using var liva = await ChatConnection.OpenAsync(app, w.LivasPhone);
        await using var anna = await ChatConnection.OpenAsync(app, w.AnnasBrowser);
        var sent = await liva.SendAsync(w.ConversationId, "a", "Hej");

        await anna.MarkDeliveredAsync(w.ConversationId, sent.MessageId);
        var delivered = await liva.NextMarkersAsync();
        await anna.MarkReadAsync(w.ConversationId, sent.MessageId);
        var read = await liva.NextMarkersAsync();

        Assert.Equal((sent.MessageId, 0L), (delivered.StaffDelivered, delivered.StaffRead));
        Assert.Equal((sent.MessageId, sent.MessageId), (read.StaffDelivered, read.StaffRead));
        Assert.Equal(read, (await Chat.PageAsync(w.LivasPhone, w.ConversationId)).Markers);
    }

    [Fact]
    public async Task StaffInbox_PutsUnreadConversationsFirstThenTheLatestActivity()
    {
        await using var app = await ProductApp.StartAsync();
        var town = await app.CreateMunicipalityAsync("Nordby Kommune");
        var anna = await app.CreateStaffAsync(town, "anna", StaffRoles.Staff);
        var phones = new Dictionary<string, HttpClient>();
        foreach (var name in new[] { "Asta", "Bjørn", "Cecilie", "Dorte" })
        {
            var citizen = await app.CreateCitizenAsync(town, name);
            await app.LinkAsync(citizen, staff: anna);
            phones[name] = (await app.SignInCitizenAsync(citizen)).Client;
        }

        using var annasBrowser = await app.SignInStaffAsync("anna");
        var ids = (await Chat.InboxAsync(annasBrowser)).ToDictionary(e => e.Title, e => e.ConversationId);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await Chat.PostAsync(phones["Asta"], ids["Asta"], "Hej Anna");
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await Chat.PostAsync(phones["Bjørn"], ids["Bjørn"], "Hej Anna, det er Bjørn");
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await Chat.PostAsync(annasBrowser, ids["Cecilie"], "Hej Cecilie, husk mødet i morgen");

        Assert.Equal(["Bjørn", "Asta", "Cecilie", "Dorte"], await OrderAsync(annasBrowser));

        var bjørnsNewest = (await Chat.PageAsync(annasBrowser, ids["Bjørn"])).Messages[^1].Id;
        await HttpAssert.SuccessAsync(await annasBrowser.PostAsync($"/api/conversations/{ids["Bjørn"]}/read", JsonBody(bjørnsNewest)));
        Assert.Equal(["Asta", "Cecilie", "Bjørn", "Dorte"], await OrderAsync(annasBrowser));

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await Chat.PostAsync(phones["Dorte"], ids["Dorte"], "Hej fra Dorte");
        Assert.Equal(["Dorte", "Asta", "Cecilie", "Bjørn"], await OrderAsync(annasBrowser));
        var inbox = await Chat.InboxAsync(annasBrowser);
        Assert.Equal([1, 1, 0, 0], inbox.Select(e => e.Unread));
    }

    private static IEnumerable<string> Texts(int from, int to) => Enumerable.Range(from, to - from + 1).Select(i => $"Besked {i:000}");

    private static async Task<int> UnreadAsync(HttpClient browser, Guid conversationId) =>
        (await Chat.InboxAsync(browser)).Single(e => e.ConversationId == conversationId).Unread;

    private static async Task<List<string>> OrderAsync(HttpClient browser) => (await Chat.InboxAsync(browser)).Select(e => e.Title).ToList();

    private static System.Net.Http.Json.JsonContent JsonBody(long upTo) => System.Net.Http.Json.JsonContent.Create(new MarkRequest(upTo));
}
