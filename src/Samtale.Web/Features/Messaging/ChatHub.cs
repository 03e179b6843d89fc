using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Links;

namespace Samtale.Web.Features.Messaging;

public sealed record SendMessage(Guid ConversationId, string? ClientKey, string? Text);

public sealed record MessageAck(string ClientKey, long MessageId, DateTime SentAt, bool Replayed);

/// <summary>
/// The real-time door to conversations. Each connection joins only its own person's group, chosen by the
/// server from the session; every call runs on a validated session (see <see cref="LiveSessionFilter"/>)
/// and opens a conversation only as <see cref="ConversationAccess"/> allows — a decision the connection
/// reuses until access anywhere shrinks or it grows old (see <see cref="LiveState"/>).
/// </summary>
[Authorize]
public sealed class ChatHub(ConversationAccess access, MessageDelivery delivery, ReachPolicy reach, AccessChanges changes, TimeProvider clock, Web.CurrentUser me) : Hub<IChatClient>
{
    public static string PersonGroup(Guid personId) => $"p:{personId:N}";

    public override async Task OnConnectedAsync()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, PersonGroup(me.Id));
        await base.OnConnectedAsync();
    }

    /// <summary>Returns only after the message is committed; resending with the same client key is safe.</summary>
    public async Task<MessageAck> Send(SendMessage request)
    {
        var live = await OpenAsync(request.ConversationId);
        var result = await delivery.SendTextAsync(live.Conversation, live.StaffParticipants, request.ClientKey, request.Text, Context.ConnectionAborted);
        return result.Message is { } m
            ? new MessageAck(m.ClientKey, m.Id, m.SentAt, result.Replayed)
            : throw new HubException(result.ErrorKey);
    }

    public async Task MarkDelivered(Guid conversationId, long upTo) => await MarkAsync(conversationId, upTo, read: false);

    public async Task MarkRead(Guid conversationId, long upTo) => await MarkAsync(conversationId, upTo, read: true);

    private async Task MarkAsync(Guid conversationId, long upTo, bool read)
    {
        var live = await OpenAsync(conversationId);
        await delivery.MarkAsync(live.Conversation, upTo, read, Context.ConnectionAborted);
    }

    private async Task<LiveConversation> OpenAsync(Guid conversationId)
    {
        var state = LiveState.Of(Context)!;
        var now = clock.GetUtcNow().UtcDateTime;

        // Read the epoch before asking, so a change that lands while we ask makes the answer stale at once.
        var epoch = changes.Epoch;
        if (state.Conversation(conversationId, epoch, now) is { } known)
        {
            return known;
        }

        var conversation = await access.FindAsync(conversationId, Context.ConnectionAborted) ?? throw new HubException("not-found");
        var staff = await reach.StaffParticipants(conversation).ToListAsync(Context.ConnectionAborted);
        var live = new LiveConversation(conversation, staff, epoch, now);
        state.Remember(live);
        return live;
    }
}
