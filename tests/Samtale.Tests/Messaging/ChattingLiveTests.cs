using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.SignalR.Client;
using Samtale.Tests.Infrastructure;

namespace Samtale.Tests.Messaging;

/// <summary>A citizen and a staff member, each with the chat open, write to each other over the hub.</summary>
public sealed class ChattingLiveTests
{
    private const string Markup = "<script>alert('x')</script><b>fed</b> <img src=x onerror=alert(1)> & \"citat\" 'enkelt'";

    [Fact]
    public async Task CitizenMessage_SentOverTheHub_ReachesTheStaffMemberAndIsAcknowledgedWithItsId()
    {
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        await using var anna = await ChatConnection.OpenAsync(app, w.AnnasBrowser);
        await using var liva = await ChatConnection.OpenAsync(app, w.LivasPhone);

        var ack = await liva.SendAsync(w.ConversationId, "key-1", "Hej Anna, kan vi flytte mødet til torsdag?");

        var received = await anna.NextAsync();
        Assert.Equal(ack.MessageId, received.Id);
        Assert.Equal("Hej Anna, kan vi flytte mødet til torsdag?", received.Text);
        Assert.Equal(w.Liva.Id, received.SenderId);
        Assert.Equal("Citizen", received.SenderKind);
        Assert.Equal(w.ConversationId, received.ConversationId);
        Assert.Equal("key-1", ack.ClientKey);
        Assert.False(ack.Replayed);
        var stored = Assert.Single(await w.StoredAsync());
        Assert.Equal(ack.MessageId, stored.Id);
    }

    [Fact]
    public async Task StaffReply_SentOverTheHub_ReachesTheCitizenAndTheStaffMembersOtherWindow()
    {
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        await using var annasLaptop = await ChatConnection.OpenAsync(app, w.AnnasBrowser);
        await using var annasPhone = await ChatConnection.OpenAsync(app, await app.SignInStaffAsync("anna"));
        await using var liva = await ChatConnection.OpenAsync(app, w.LivasPhone);

        var ack = await annasLaptop.SendAsync(w.ConversationId, "svar-1", "Ja, torsdag kl. 10 passer fint.");

        var atLiva = await liva.NextAsync();
        Assert.Equal((ack.MessageId, "Ja, torsdag kl. 10 passer fint.", "Staff"), (atLiva.Id, atLiva.Text, atLiva.SenderKind));
        Assert.Equal("Display anna", atLiva.SenderName);
        Assert.Equal(ack.MessageId, (await annasPhone.NextAsync()).Id);
    }

    [Fact]
    public async Task Resend_WithTheSameClientKey_ReturnsTheSameIdAndStoresOneRow()
    {
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        await using var liva = await ChatConnection.OpenAsync(app, w.LivasPhone);

        var first = await liva.SendAsync(w.ConversationId, "0b7e5c1d-resend", "Jeg kommer lidt senere.");
        var again = await liva.SendAsync(w.ConversationId, "0b7e5c1d-resend", "Jeg kommer lidt senere.");

        Assert.Equal(first.MessageId, again.MessageId);
        Assert.Equal(first.SentAt, again.SentAt);
        Assert.False(first.Replayed);
        Assert.True(again.Replayed);
        Assert.Single(await w.StoredAsync());
    }

    [Fact]
    public async Task SameClientKey_WithOtherText_IsRefusedAsKeyReusedAndChangesNothing()
    {
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        await using var liva = await ChatConnection.OpenAsync(app, w.LivasPhone);
        await liva.SendAsync(w.ConversationId, "genbrugt", "Den rigtige tekst");
        var before = await DbSnapshot.TakeAsync(app);

        await HubAssert.RefusedAsync("Chat.KeyReused", () => liva.SendAsync(w.ConversationId, "genbrugt", "En anden tekst"));

        Assert.Equal(before, await DbSnapshot.TakeAsync(app));
        Assert.Equal("Den rigtige tekst", Assert.Single(await Chat.HistoryAsync(w.AnnasBrowser, w.ConversationId)).Text);
    }

    [Fact]
    public async Task SameMessage_ResentFromTwoWindowsAtOnce_IsStoredOnceAndBothGetItsId()
    {
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        await using var first = await ChatConnection.OpenAsync(app, w.LivasPhone);
        await using var second = await ChatConnection.OpenAsync(app, w.LivasPhone);

        var acks = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            (i % 2 == 0 ? first : second).SendAsync(w.ConversationId, "samme-noegle", "Sendt to gange på én gang")));

        var stored = Assert.Single(await w.StoredAsync());
        Assert.All(acks, a => Assert.Equal(stored.Id, a.MessageId));
        Assert.Single(acks, a => !a.Replayed);
    }

    [Fact]
    public async Task ManySendersAtOnce_EveryMessageIsAcknowledgedAndStoredOnce()
    {
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        await using var phone = await ChatConnection.OpenAsync(app, w.LivasPhone);
        await using var tablet = await ChatConnection.OpenAsync(app, (await app.SignInCitizenAsync(w.Liva)).Client);
        await using var laptop = await ChatConnection.OpenAsync(app, w.AnnasBrowser);
        var senders = new[] { ("phone", phone), ("tablet", tablet), ("laptop", laptop) };

        var acks = await Task.WhenAll(senders.SelectMany(s => Enumerable.Range(1, 30).Select(i =>
            s.Item2.SendAsync(w.ConversationId, $"{s.Item1}-{i}", $"Besked {i} fra {s.Item1}"))));

        var stored = await w.StoredAsync();
        Assert.Equal(90, stored.Count);
        Assert.Equal(acks.Select(a => (a.ClientKey, a.MessageId)).Order(), stored.Select(m => (m.ClientKey, m.Id)).Order());
    }

    [Theory]
    [InlineData("")]
    [InlineData("med mellemrum")]
    [InlineData("æøå")]
    [InlineData("<script>")]
    [InlineData("x0123456789012345678901234567890123456789012345678901234567890123")]
    public async Task BadClientKey_IsRefusedAndStoresNothing(string clientKey)
    {
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        await using var liva = await ChatConnection.OpenAsync(app, w.LivasPhone);
        var before = await DbSnapshot.TakeAsync(app);

        await HubAssert.RefusedAsync("Chat.BadClientKey", () => liva.SendAsync(w.ConversationId, clientKey, "Hej"));

        Assert.Equal(before, await DbSnapshot.TakeAsync(app));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t  ")]
    [InlineData("\0\0")]
    public async Task EmptyMessage_IsRefusedAndStoresNothing(string text)
    {
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        await using var liva = await ChatConnection.OpenAsync(app, w.LivasPhone);
        var before = await DbSnapshot.TakeAsync(app);

        await HubAssert.RefusedAsync("Chat.Empty", () => liva.SendAsync(w.ConversationId, "tom", text));

        Assert.Equal(before, await DbSnapshot.TakeAsync(app));
    }

    [Fact]
    public async Task MessageOf10001Characters_IsRefusedAsTooLongAndStoresNothing()
    {
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        await using var liva = await ChatConnection.OpenAsync(app, w.LivasPhone);
        var before = await DbSnapshot.TakeAsync(app);

        await HubAssert.RefusedAsync("Chat.TooLong", () => liva.SendAsync(w.ConversationId, "lang", new string('æ', 10_001)));

        Assert.Equal(before, await DbSnapshot.TakeAsync(app));
        Assert.Equal(HubConnectionState.Connected, liva.Hub.State);
    }

    [Fact]
    public async Task MessageOf10000Characters_IsAcceptedAndReadBackWhole()
    {
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        await using var liva = await ChatConnection.OpenAsync(app, w.LivasPhone);
        var text = string.Concat(Enumerable.Repeat("Blåbærgrød <3 ", 1000))[..10_000];

        var ack = await liva.SendAsync(w.ConversationId, "lang", text);

        var read = Assert.Single(await Chat.HistoryAsync(w.AnnasBrowser, w.ConversationId));
        Assert.Equal((ack.MessageId, text), (read.Id, read.Text));
    }

    [Fact]
    public async Task ScriptAndMarkup_AreStoredAndReturnedAsGiven()
    {
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        await using var anna = await ChatConnection.OpenAsync(app, w.AnnasBrowser);
        await using var liva = await ChatConnection.OpenAsync(app, w.LivasPhone);

        await liva.SendAsync(w.ConversationId, "markup", Markup);

        Assert.Equal(Markup, (await anna.NextAsync()).Text);
        Assert.Equal(Markup, Assert.Single(await Chat.HistoryAsync(w.AnnasBrowser, w.ConversationId)).Text);
        Assert.Equal(Markup, Assert.Single(await Chat.HistoryAsync(w.LivasPhone, w.ConversationId)).Text);
    }

    [Theory]
    [InlineData("staff")]
    [InlineData("citizen")]
    public async Task ScriptAndMarkup_OnTheConversationPage_AreShownAsTextNotAsElements(string reader)
    {
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        await using var liva = await ChatConnection.OpenAsync(app, w.LivasPhone);
        await liva.SendAsync(w.ConversationId, "markup", Markup);

        var response = reader == "staff"
            ? await w.AnnasBrowser.GetAsync($"/Staff/Conversation/{w.ConversationId}")
            : await w.LivasPhone.GetAsync($"/Citizens/Chat/{w.ConversationId}");

        await HttpAssert.StatusAsync(HttpStatusCode.OK, response);
        var html = await response.Content.ReadAsStringAsync();
        var page = await new HtmlParser().ParseDocumentAsync(html);
        var bubble = Assert.Single(page.QuerySelectorAll("#messages .bubble"));
        Assert.Equal(Markup, bubble.TextContent);
        Assert.Empty(bubble.Children);
        Assert.Empty(page.QuerySelectorAll("#messages script, #messages b, #messages img[onerror]"));
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OthersOnTheHub_WhileLivaAndAnnaChat_HearNothingOfIt()
    {
        await using var app = await ProductApp.StartAsync();
        var world = await TwoMunicipalities.CreateAsync(app);
        await using var bo = await ChatConnection.OpenAsync(app, world.Clients["team-lead"]);
        await using var noah = await ChatConnection.OpenAsync(app, world.Clients["other-citizen"]);
        await using var sigrid = await ChatConnection.OpenAsync(app, world.Clients["other-municipality-staff"]);
        await using var admin = await ChatConnection.OpenAsync(app, world.Clients["municipality-admin"]);
        await using var anna = await ChatConnection.OpenAsync(app, world.Clients["staff"]);
        await using var liva = await ChatConnection.OpenAsync(app, world.Clients["citizen"]);

        var ack = await liva.SendAsync(world.LivaConversationId, "kun-til-anna", "Kun til Anna");
        var reply = await anna.SendAsync(world.LivaConversationId, "svar", "Modtaget");

        Assert.Equal([ack.MessageId, reply.MessageId], new[] { (await anna.NextAsync()).Id, (await anna.NextAsync()).Id });
        Assert.Equal([ack.MessageId, reply.MessageId], new[] { (await liva.NextAsync()).Id, (await liva.NextAsync()).Id });
        Assert.Empty(bo.Drain());
        Assert.Empty(noah.Drain());
        Assert.Empty(sigrid.Drain());
        Assert.Empty(admin.Drain());
    }

    [Fact]
    public async Task Caller_WithoutASession_CannotConnect()
    {
        await using var app = await ProductApp.StartAsync();

        var refusal = await Assert.ThrowsAsync<HttpRequestException>(() => ChatConnection.OpenAsync(app, app.Anonymous()));

        Assert.Equal(HttpStatusCode.Unauthorized, refusal.StatusCode);
    }
}
