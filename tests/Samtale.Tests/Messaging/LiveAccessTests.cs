using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samtale.Tests.Infrastructure;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Messaging;
using Samtale.Web.Features.Tenancy;

namespace Samtale.Tests.Messaging;

/// <summary>
/// An open connection remembers its session and the conversations it was let into, so that a message costs
/// no access queries. These tests hold it to what that must not change: access that shrinks in this process
/// applies at the next call, and access that shrinks where this process cannot hear it (another node, a
/// change straight in the database) applies within <see cref="LiveState.RecheckAfter"/>.
/// </summary>
public sealed class LiveAccessTests
{
    [Fact]
    public async Task StaffMemberTakenOffTheTeam_IsRefusedTheTeamConversationAtHerNextCall()
    {
        await using var app = await ProductApp.StartAsync();
        var town = await app.CreateMunicipalityAsync("Nordby Kommune");
        var team = await app.CreateTeamAsync(town, "Familieteamet");
        var carl = await app.CreateStaffAsync(town, "carl", StaffRoles.Staff, team);
        var liva = await app.CreateCitizenAsync(town, "Liva Citizen");
        await app.LinkAsync(liva, team: team);
        var (phone, _) = await app.SignInCitizenAsync(liva);
        var conversationId = (await Chat.InboxAsync(phone)).Single().ConversationId;
        await using var atCarl = await ChatConnection.OpenAsync(app, await app.SignInStaffAsync("carl"));
        await atCarl.SendAsync(conversationId, "foer", "Hej Liva, Carl her.");

        Assert.True(await app.InScopeAsync(sp => sp.GetRequiredService<Organisation>().SetTeamsAsync(town.Id, carl.Id, [], CancellationToken.None)));

        await HubAssert.RefusedAsync("not-found", () => atCarl.SendAsync(conversationId, "efter", "Stadig Carl?"));
        Assert.Equal(["foer"], await app.DbAsync(db => db.Messages.Where(m => m.ConversationId == conversationId).Select(m => m.ClientKey).ToListAsync()));
    }

    [Fact]
    public async Task LinkRemovedBehindThisProcess_IsHonouredOnceTheConnectionRechecks()
    {
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        await using var anna = await ChatConnection.OpenAsync(app, w.AnnasBrowser);
        await anna.SendAsync(w.ConversationId, "foer", "Hej Liva");

        // As another node would: the row goes, but no event reaches this process.
        await app.DbAsync(db => db.CitizenLinks.Where(l => l.Id == w.Link.Id).ExecuteDeleteAsync());
        app.Clock.Advance(LiveState.RecheckAfter);

        await HubAssert.RefusedAsync("not-found", () => anna.SendAsync(w.ConversationId, "efter", "Er du der?"));
        Assert.Equal(["foer"], (await w.StoredAsync()).Select(m => m.ClientKey));
    }

    [Fact]
    public async Task SessionEndedBehindThisProcess_ClosesTheConnectionOnceItRechecks()
    {
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        await using var anna = await ChatConnection.OpenWebSocketAsync(app, w.AnnasBrowser);
        await anna.SendAsync(w.ConversationId, "foer", "Hej Liva");

        await app.DbAsync(db => db.Sessions.Where(s => s.PrincipalId == w.Anna.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, app.Clock.GetUtcNow().UtcDateTime)));
        app.Clock.Advance(LiveState.RecheckAfter);

        await HubAssert.FailsAsync(() => anna.SendAsync(w.ConversationId, "efter", "Er du der?"));
        Assert.True(await anna.ClosesAsync(), "the connection of an ended session stayed open");
        Assert.Equal(["foer"], (await w.StoredAsync()).Select(m => m.ClientKey));
    }

    [Fact]
    public async Task ManySendersAtOnce_EachMessageIsStoredOnce_AndResendsInTheSameBurstReplay()
    {
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        await using var anna = await ChatConnection.OpenAsync(app, w.AnnasBrowser);
        var tabs = new List<ChatConnection>();
        for (var i = 0; i < 8; i++)
        {
            tabs.Add(await ChatConnection.OpenAsync(app, w.LivasPhone));
        }

        var stored = await tabs[0].SendAsync(w.ConversationId, "allerede-gemt", "Den første besked");

        // Eight connections send at once, so their messages share commits; among them a resend of a stored
        // message and the same key with other text, which must not take the others down with them.
        var bursts = tabs.Select((tab, t) => Task.Run(async () =>
        {
            var acks = new List<MessageAck>();
            for (var i = 0; i < 15; i++)
            {
                acks.Add(await tab.SendAsync(w.ConversationId, $"t{t}-m{i}", $"Besked {i} fra fane {t}"));
            }

            return acks;
        })).ToList();
        var resend = tabs[1].SendAsync(w.ConversationId, "allerede-gemt", "Den første besked");
        var reused = HubAssert.RefusedAsync("Chat.KeyReused", () => tabs[2].SendAsync(w.ConversationId, "allerede-gemt", "En anden tekst"));
        var acks = (await Task.WhenAll(bursts)).SelectMany(a => a).ToList();
        var replayed = await resend;
        await reused;

        Assert.Equal(120, acks.Select(a => a.MessageId).Distinct().Count());
        Assert.All(acks, a => Assert.False(a.Replayed));
        Assert.Equal((stored.MessageId, true), (replayed.MessageId, replayed.Replayed));
        var rows = await w.StoredAsync();
        Assert.Equal(121, rows.Count);
        Assert.Equal(acks.Select(a => a.MessageId).Append(stored.MessageId).Order(), rows.Select(r => r.Id));
        var atAnna = new List<MessageView>();
        while (atAnna.Count < 121)
        {
            atAnna.Add(await anna.NextAsync());
        }

        Assert.Equal(rows.Select(r => r.Id), atAnna.Select(m => m.Id).Order());
        Assert.Contains(atAnna, m => m is { ClientKey: "t7-m14", Text: "Besked 14 fra fane 7", SenderKind: "Citizen" });
        foreach (var tab in tabs)
        {
            await tab.DisposeAsync();
        }
    }
}
