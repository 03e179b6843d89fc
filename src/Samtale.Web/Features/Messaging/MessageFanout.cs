using Microsoft.AspNetCore.SignalR;

namespace Samtale.Web.Features.Messaging;

/// <summary>
/// Pushes a committed message to its readers. Each person has a group of their own connections; fan-out
/// goes to each participant, so a message is never sent to a stream that someone outside the conversation
/// listens to. Whoever is on the other side and does not have Samtale open gets a content-free notification.
/// </summary>
public sealed class MessageFanout(IHubContext<ChatHub, IChatClient> hub, Notifications.Notifier notifier, LiveConnections live)
{
    public static List<string> GroupsOf(Conversation conversation, IReadOnlyList<Guid> staffParticipants) =>
        [ChatHub.PersonGroup(conversation.CitizenId), .. staffParticipants.Select(ChatHub.PersonGroup)];

    /// <summary>The message (and the auto-reply it triggered, if any) to everyone in the conversation.</summary>
    public async Task PublishAsync(Conversation conversation, IReadOnlyList<Guid> staffParticipants, MessageView message, MessageView? autoReply)
    {
        var groups = GroupsOf(conversation, staffParticipants);
        await hub.Clients.Groups(groups).MessageReceived(message);
        var recipients = message.SenderKind == nameof(SenderKind.Staff) ? [conversation.CitizenId] : staffParticipants;
        notifier.Enqueue(recipients.Where(id => !live.IsOnline(id)));
        if (autoReply is not null)
        {
            await hub.Clients.Groups(groups).MessageReceived(autoReply);
        }
    }
}
