using System.IO.Compression;
using System.Text;

namespace Samtale.Web.Features.Attachments;

/// <summary>What kind of file the bytes are. A name or a browser's claim is never trusted.</summary>
public sealed record FileKind(string ContentType, string Extension, bool IsImage);

/// <summary>
/// Recognises the allowed file types from their content: photos (JPEG, PNG, GIF, WebP), PDF, and the
/// common office formats (Word, Excel, PowerPoint as OOXML; OpenDocument text and spreadsheet).
/// Everything else, including a program renamed to ".pdf", is refused.
/// </summary>
public static class FileInspection
{
    public static readonly FileKind Jpeg = new("image/jpeg", ".jpg", true);
    public static readonly FileKind Png = new("image/png", ".png", true);
    public static readonly FileKind Gif = new("image/gif", ".gif", true);
    public static readonly FileKind WebP = new("image/webp", ".webp", true);
    public static readonly FileKind Pdf = new("application/pdf", ".pdf", false);
    public static readonly FileKind Docx = new("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", false);
    public static readonly FileKind Xlsx = new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", false);
    public static readonly FileKind Pptx = new("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx", false);
    public static readonly FileKind Odt = new("application/vnd.oasis.opendocument.text", ".odt", false);
    public static readonly FileKind Ods = new("application/vnd.oasis.opendocument.spreadsheet", ".ods", false);

    public static FileKind? Recognise(ReadOnlySpan<byte> head, Func<Stream> open)
    {
        if (head.StartsWith<byte>([0xFF, 0xD8, 0xFF]))
        {
            return Jpeg;
        }

        if (head.StartsWith<byte>([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return Png;
        }

        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return Gif;
        }

        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return WebP;
        }

        if (head.StartsWith("%PDF-"u8))
        {
            return Pdf;
        }

        return head.StartsWith<byte>([0x50, 0x4B, 0x03, 0x04]) ? RecogniseZip(open) : null;
    }

    // Office files are ZIP archives; which one it is shows in the entries, not in the name.
    private static FileKind? RecogniseZip(Func<Stream> open)
    {
        try
        {
            using var zip = new ZipArchive(open(), ZipArchiveMode.Read);
            var mimetype = zip.GetEntry("mimetype");
            if (mimetype is not null && mimetype.Length < 200)
            {
                using var reader = new StreamReader(mimetype.Open(), Encoding.ASCII);
                var declared = reader.ReadToEnd().Trim();
                return declared == Odt.ContentType ? Odt : declared == Ods.ContentType ? Ods : null;
            }

            if (zip.GetEntry("[Content_Types].xml") is null)
            {
                return null;
            }

            return zip.GetEntry("word/document.xml") is not null ? Docx
                : zip.GetEntry("xl/workbook.xml") is not null ? Xlsx
                : zip.GetEntry("ppt/presentation.xml") is not null ? Pptx
                : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>
    /// A file name safe to show and to offer for download: no path, no control or reserved characters,
    /// at most 100 characters, and the extension of what the file really is.
    /// </summary>
    public static string SanitiseName(string? name, FileKind kind)
    {
        var baseName = Path.GetFileNameWithoutExtension(Path.GetFileName((name ?? "").Replace('\\', '/')));
        var clean = new string(baseName.Select(c => char.IsControl(c) || "<>:\"/\\|?*".Contains(c) ? '_' : c).ToArray()).Trim(' ', '.');
        if (clean.Length == 0)
        {
            clean = kind.IsImage ? "billede" : "dokument";
        }

        return (clean.Length > 100 ? clean[..100] : clean) + kind.Extension;
    }
}
