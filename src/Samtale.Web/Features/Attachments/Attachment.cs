using Samtale.Web.Features.Tenancy;

namespace Samtale.Web.Features.Attachments;

/// <summary>
/// A file sent with a message. Its bytes, its file name and its preview are stored only encrypted; the
/// type is what the content turned out to be, not what the name claimed.
/// </summary>
public sealed class Attachment : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public Guid ConversationId { get; init; }

    public long MessageId { get; set; }

    public required string ContentType { get; init; }

    public long Size { get; init; }

    public Guid KeyId { get; init; }

    /// <summary>The sanitised file name, encrypted (names like "Livas_journal.pdf" are personal data).</summary>
    public required byte[] Name { get; init; }

    public required byte[] Content { get; init; }

    /// <summary>A small re-encoded JPEG for images, encrypted; null for documents.</summary>
    public byte[]? Preview { get; init; }

    /// <summary>SHA-256 of the stored (cleaned) plaintext bytes, for journaling and audit.</summary>
    public required string Sha256 { get; init; }
}
