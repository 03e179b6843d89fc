using Samtale.Web.Features.Tenancy;

namespace Samtale.Web.Features.Messaging;

public enum SenderKind
{
    Citizen = 1,
    Staff = 2,
}

/// <summary>
/// One message. The body is stored only encrypted. The id is an increasing number, which gives history
/// pages a stable cursor; the sender's client key makes a resend land on the same row.
/// </summary>
public sealed class Message : ITenantOwned
{
    public long Id { get; init; }

    public Guid TenantId { get; init; }

    public Guid ConversationId { get; init; }

    public SenderKind SenderKind { get; init; }

    public Guid SenderId { get; init; }

    public DateTime SentAt { get; init; }

    /// <summary>Chosen by the sending client (a UUID); unique per conversation and sender.</summary>
    public required string ClientKey { get; init; }

    public Guid KeyId { get; init; }

    /// <summary>AES-GCM: nonce | ciphertext | tag.</summary>
    public required byte[] Body { get; init; }

    /// <summary>Sent by Samtale on the staff member's behalf from their absence notice.</summary>
    public bool IsAutoReply { get; init; }
}
