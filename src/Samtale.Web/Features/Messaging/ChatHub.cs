using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Messaging;

public sealed record SendMessage(Guid ConversationId, string? ClientKey, string? Text);

public sealed record MessageAck(string ClientKey, long MessageId, DateTime SentAt, bool Replayed);

/// <summary>
/// The real-time door to conversations. Each connection joins only its own person's group, chosen by the
/// server from the session; every call re-checks the session (see <see cref="LiveSessionFilter"/>) and
/// the conversation through <see cref="ConversationAccess"/>, so a revoked or unlinked caller gets nothing.
/// </summary>
[Authorize]
public sealed class ChatHub(ConversationAccess access, MessageDelivery delivery, CurrentUser me) : Hub<IChatClient>
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
        var conversation = await access.FindAsync(request.ConversationId, Context.ConnectionAborted) ?? throw new HubException("not-found");
        var result = await delivery.SendAsync(conversation, request.ClientKey, request.Text, Context.ConnectionAborted);
        return result.Message is { } m
            ? new MessageAck(m.ClientKey, m.Id, m.SentAt, result.Replayed)
            : throw new HubException(result.ErrorKey);
    }

    public async Task MarkDelivered(Guid conversationId, long upTo) => await MarkAsync(conversationId, upTo, read: false);

    public async Task MarkRead(Guid conversationId, long upTo) => await MarkAsync(conversationId, upTo, read: true);

    private async Task MarkAsync(Guid conversationId, long upTo, bool read)
    {
        var conversation = await access.FindAsync(conversationId, Context.ConnectionAborted) ?? throw new HubException("not-found");
        await delivery.MarkAsync(conversation, upTo, read, Context.ConnectionAborted);
    }
}
