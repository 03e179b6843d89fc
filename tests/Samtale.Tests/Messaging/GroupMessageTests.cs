using System.Net;
using Microsoft.EntityFrameworkCore;
using Samtale.Tests.Infrastructure;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Citizens;

namespace Samtale.Tests.Messaging;

/// <summary>
/// Anna picks three of her citizens on the group message page and writes once. Each gets a copy of their
/// own in their own conversation, and none can tell who else got it.
/// </summary>
public sealed class GroupMessageTests
{
    private const string Text = "Husk: borgerservice holder lukket fredag den 6. marts.";

    [Fact]
    public async Task GroupMessage_ToThreeCitizens_ArrivesAsOneCopyInEachOwnConversation()
    {
        await using var app = await ProductApp.StartAsync();
        var (anna, annasAccount, citizens) = await AnnaWithCitizensAsync(app, "Asta", "Bjørn", "Cecilie", "Dorte");
        await using var astaLive = await ChatConnection.OpenAsync(app, citizens["Asta"].Phone);
        await using var bjørnLive = await ChatConnection.OpenAsync(app, citizens["Bjørn"].Phone);
        await using var dorteLive = await ChatConnection.OpenAsync(app, citizens["Dorte"].Phone);
        var chosen = new[] { "Asta", "Bjørn", "Cecilie" };

        var response = await SendGroupAsync(anna, chosen.Select(n => citizens[n].Citizen.Id), Text);

        await HttpAssert.StatusAsync(HttpStatusCode.OK, response);
        var conversations = new HashSet<Guid>();
        foreach (var name in chosen)
        {
            var phone = citizens[name].Phone;
            var inbox = Assert.Single(await Chat.InboxAsync(phone));
            var copy = Assert.Single(await Chat.HistoryAsync(phone, inbox.ConversationId));
            Assert.Equal((Text, annasAccount.Id, 1), (copy.Text, copy.SenderId, inbox.Unread));
            conversations.Add(inbox.ConversationId);
        }

        Assert.Equal(3, conversations.Count);
        Assert.Equal(conversations.Order(), await app.DbAsync(db => db.Messages.Select(m => m.ConversationId).OrderBy(c => c).ToListAsync()));
        Assert.Empty(await Chat.HistoryAsync(citizens["Dorte"].Phone, (await Chat.InboxAsync(citizens["Dorte"].Phone)).Single().ConversationId));
        var astasCopy = await astaLive.NextAsync();
        var bjørnsCopy = await bjørnLive.NextAsync();
        Assert.NotEqual(astasCopy.ConversationId, bjørnsCopy.ConversationId);
        Assert.Empty(astaLive.Drain());
        Assert.Empty(bjørnLive.Drain());
        Assert.Empty(dorteLive.Drain());
    }

    [Fact]
    public async Task GroupMessageCopy_SeenByOneRecipient_NamesNoOtherRecipient()
    {
        await using var app = await ProductApp.StartAsync();
        var (anna, _, citizens) = await AnnaWithCitizensAsync(app, "Asta", "Bjørn", "Cecilie");

        await HttpAssert.StatusAsync(HttpStatusCode.OK, await SendGroupAsync(anna, citizens.Values.Select(c => c.Citizen.Id), Text));

        var astasPhone = citizens["Asta"].Phone;
        var conversationId = (await Chat.InboxAsync(astasPhone)).Single().ConversationId;
        var everythingAstaSees = string.Join('\n',
            await (await astasPhone.GetAsync("/api/conversations")).Content.ReadAsStringAsync(),
            await (await astasPhone.GetAsync($"/api/conversations/{conversationId}/messages")).Content.ReadAsStringAsync(),
            await (await astasPhone.GetAsync($"/Citizens/Chat/{conversationId}")).Content.ReadAsStringAsync());
        Assert.Contains(Text, everythingAstaSees, StringComparison.Ordinal);
        foreach (var other in new[] { "Bjørn", "Cecilie" })
        {
            Assert.DoesNotContain(other, everythingAstaSees, StringComparison.Ordinal);
            Assert.DoesNotContain(citizens[other].Citizen.Id.ToString(), everythingAstaSees, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(citizens[other].Citizen.Id.ToString("N"), everythingAstaSees, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task SameGroupMessage_PostedAgain_CreatesNoDuplicates()
    {
        await using var app = await ProductApp.StartAsync();
        var (anna, _, citizens) = await AnnaWithCitizensAsync(app, "Asta", "Bjørn", "Cecilie");
        var groupKey = (await Forms.ReadAsync(anna, "/Staff/GroupMessage"))["GroupKey"];
        var ids = citizens.Values.Select(c => c.Citizen.Id).ToList();

        await HttpAssert.StatusAsync(HttpStatusCode.OK, await SendGroupAsync(anna, ids, Text, groupKey));
        var before = await DbSnapshot.TakeAsync(app);
        await HttpAssert.StatusAsync(HttpStatusCode.OK, await SendGroupAsync(anna, ids, Text, groupKey));

        Assert.Equal(before, await DbSnapshot.TakeAsync(app));
        Assert.Equal(3, before.Messages);
        foreach (var (phone, _) in citizens.Values)
        {
            Assert.Single(await Chat.HistoryAsync(phone, (await Chat.InboxAsync(phone)).Single().ConversationId));
        }
    }

    [Fact]
    public async Task GroupMessage_NamingACitizenOfAnotherStaffMember_IsRefusedAndSendsNothing()
    {
        await using var app = await ProductApp.StartAsync();
        var (anna, _, citizens) = await AnnaWithCitizensAsync(app, "Asta", "Bjørn");
        var town = await app.DbAsync(db => db.Municipalities.SingleAsync());
        var bo = await app.CreateStaffAsync(town, "bo", StaffRoles.Staff);
        var noah = await app.CreateCitizenAsync(town, "Noah");
        await app.LinkAsync(noah, staff: bo);
        var before = await DbSnapshot.TakeAsync(app);

        var response = await SendGroupAsync(anna, [citizens["Asta"].Citizen.Id, noah.Id, citizens["Bjørn"].Citizen.Id], Text);

        await HttpAssert.StatusAsync(HttpStatusCode.BadRequest, response);
        var after = await DbSnapshot.TakeAsync(app);
        Assert.Equal(before with { Conversations = after.Conversations }, after);
        Assert.Equal(0, after.Messages);
    }

    private static async Task<HttpResponseMessage> SendGroupAsync(HttpClient staff, IEnumerable<Guid> citizenIds, string text, string? groupKey = null)
    {
        var fields = citizenIds.Select(id => KeyValuePair.Create("CitizenIds", id.ToString())).Append(KeyValuePair.Create("Text", text)).ToList();
        if (groupKey is not null)
        {
            fields.Add(KeyValuePair.Create("GroupKey", groupKey));
        }

        return await Forms.SubmitAsync(staff, "/Staff/GroupMessage", null, fields);
    }

    private static async Task<(HttpClient Anna, StaffAccount Account, Dictionary<string, (HttpClient Phone, Citizen Citizen)> Citizens)> AnnaWithCitizensAsync(ProductApp app, params string[] names)
    {
        var town = await app.CreateMunicipalityAsync("Nordby Kommune");
        var anna = await app.CreateStaffAsync(town, "anna", StaffRoles.Staff);
        var citizens = new Dictionary<string, (HttpClient, Citizen)>();
        foreach (var name in names)
        {
            var citizen = await app.CreateCitizenAsync(town, name);
            await app.LinkAsync(citizen, staff: anna);
            citizens[name] = ((await app.SignInCitizenAsync(citizen)).Client, citizen);
        }

        return (await app.SignInStaffAsync("anna"), anna, citizens);
    }
}
