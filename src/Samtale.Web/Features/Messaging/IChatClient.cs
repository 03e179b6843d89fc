namespace Samtale.Web.Features.Messaging;

/// <summary>What the server pushes to a connected browser.</summary>
public interface IChatClient
{
    Task MessageReceived(MessageView message);

    Task MarkersMoved(Guid conversationId, Markers markers);
}
