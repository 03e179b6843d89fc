using Microsoft.Extensions.Options;

namespace Samtale.Web.Features.Attachments;

/// <summary>A checked and cleaned file, ready to be stored with its message.</summary>
public sealed record PreparedAttachment(FileKind Kind, string Name, byte[] Bytes, byte[]? Preview);

/// <summary>
/// Takes an uploaded file in: reads at most the allowed size (a bigger upload stops at the limit and
/// never reaches the disk), recognises the type from the content, and cleans photos of their metadata.
/// </summary>
public sealed class AttachmentIntake(IOptions<AttachmentOptions> options)
{
    public long MaxBytes => options.Value.MaxBytes;

    public async Task<(PreparedAttachment? File, string? ErrorKey)> PrepareAsync(Stream content, string? fileName, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return (null, "Attachment.TooLarge");
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return (null, "Attachment.Empty");
        }

        var bytes = buffer.ToArray();
        var kind = FileInspection.Recognise(bytes.AsSpan(0, Math.Min(bytes.Length, 64)), () => new MemoryStream(bytes, writable: false));
        if (kind is null)
        {
            return (null, "Attachment.BlockedType");
        }

        if (!kind.IsImage)
        {
            return (new PreparedAttachment(kind, FileInspection.SanitiseName(fileName, kind), bytes, null), null);
        }

        var cleaned = ImageCleaning.Clean(bytes);
        return cleaned is null
            ? (null, "Attachment.Unreadable")
            : (new PreparedAttachment(cleaned.Kind, FileInspection.SanitiseName(fileName, cleaned.Kind), cleaned.Bytes, cleaned.Preview), null);
    }
}
