namespace Samtale.Web.Features.Messaging;

/// <summary>How far one participant has received and read a conversation, as message ids.</summary>
public sealed class ReadMarker
{
    public Guid ConversationId { get; init; }

    public Guid ReaderId { get; init; }

    public long DeliveredUpTo { get; set; }

    public long ReadUpTo { get; set; }
}
