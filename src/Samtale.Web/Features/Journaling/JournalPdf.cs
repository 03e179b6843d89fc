using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace Samtale.Web.Features.Journaling;

/// <summary>
/// Renders a journal unit as a PDF for people. The font ships with Samtale (DejaVu Sans, see
/// Fonts/DejaVu-LICENSE.txt): PDFsharp draws no text on Linux without one, and it covers æøå and every
/// other letter a Nordic name or message can hold.
/// </summary>
public static partial class JournalPdf
{
    private const double Margin = 50;
    private const double LineHeight = 14;
    private static readonly Lock FontLock = new();

    public static byte[] Render(JournalDocument doc)
    {
        EnsureFont();
        using var pdf = new PdfDocument();
        pdf.Info.Title = doc.Title;
        pdf.Info.Subject = doc.CaseReference;
        pdf.Info.Creator = "Samtale";
        pdf.Info.CreationDate = doc.Day;
        pdf.Info.ModificationDate = doc.Day;

        var regular = new XFont(DejaVuResolver.Family, 10);
        var bold = new XFont(DejaVuResolver.Family, 10, XFontStyleEx.Bold);
        var title = new XFont(DejaVuResolver.Family, 14, XFontStyleEx.Bold);
        var writer = new PageWriter(pdf);

        writer.Line(doc.Title, title, 22);
        writer.Line($"Sagsnummer / saksnummer: {doc.CaseReference}", regular);
        writer.Line($"Dato: {doc.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}", regular);
        writer.Line($"Dokument-id: {doc.UnitId}", regular);
        foreach (var party in doc.Parties)
        {
            writer.Line($"Part ({party.Role}): {party.Name} [{party.Id}]", regular);
        }

        writer.Gap();
        if (doc.Call is { } call)
        {
            WriteCall(writer, call, regular, bold);
        }

        foreach (var m in doc.Messages)
        {
            var when = m.SentAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
            writer.Line($"{when} — {m.SenderName} ({m.SenderRole}, {m.Direction})", bold);
            foreach (var paragraph in m.Text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
            {
                writer.Wrapped(paragraph, regular);
            }

            foreach (var a in m.Attachments)
            {
                writer.Wrapped($"Bilag: {a.Name} ({a.ContentType}, {a.Bytes.Length} bytes, SHA-256 {a.Sha256})", regular);
            }

            writer.Gap();
        }

        writer.Dispose();
        using var stream = new MemoryStream();
        pdf.Save(stream, false);
        return Deterministic(stream.ToArray(), doc.UnitId);
    }

    private static void WriteCall(PageWriter writer, JournalCall call, XFont regular, XFont bold)
    {
        static string When(DateTime? t) => t?.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "—";
        writer.Line($"Skærmbesøg ({(call.Planned ? "planlagt" : "ad hoc")}), opkald fra {call.CallerRole}", bold);
        writer.Line($"Start: {When(call.StartedAt)}", regular);
        writer.Line($"Besvaret: {When(call.AnsweredAt)}", regular);
        writer.Line($"Slut: {When(call.EndedAt)}", regular);
        writer.Line($"Varighed: {TimeSpan.FromSeconds(call.DurationSeconds ?? 0).ToString("c", CultureInfo.InvariantCulture)}", regular);
        writer.Line($"Slutårsag: {call.EndReason}", regular);
        writer.Gap();
        if (call.Note is { } note)
        {
            writer.Line($"Notat (version {call.NoteRevision}):", bold);
            foreach (var paragraph in note.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
            {
                writer.Wrapped(paragraph, regular);
            }

            writer.Gap();
        }
    }

    /// <summary>
    /// PDFsharp puts a random file id in the trailer, font-subset tags in the font names, and random uuids in the XMP metadata. Both
    /// are replaced by values from the unit id (same lengths, so no offset moves): a redelivery then
    /// carries the very same bytes and hash as the first delivery, and a sink that compares hashes can
    /// tell a duplicate from a changed document.
    /// </summary>
    private static byte[] Deterministic(byte[] pdf, Guid unitId)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var id = unitId.ToString("N").ToUpperInvariant();
        text = TrailerId().Replace(text, $"/ID[<{id}><{id}>]");
        text = XmpUuid().Replace(text, $"uuid:{unitId:D}");
        var tags = SubsetTag().Matches(text).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();
        for (var i = 0; i < tags.Count; i++)
        {
            text = text.Replace(tags[i] + "+", $"SAMT{(char)('A' + (i / 26 % 26))}{(char)('A' + (i % 26))}+", StringComparison.Ordinal);
        }

        return Encoding.Latin1.GetBytes(text);
    }

    [GeneratedRegex(@"/ID\s*\[\s*<[0-9A-Fa-f]{32}>\s*<[0-9A-Fa-f]{32}>\s*\]")]
    private static partial Regex TrailerId();

    [GeneratedRegex("uuid:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex XmpUuid();

    [GeneratedRegex(@"/FontName\s*/([A-Z]{6})\+")]
    private static partial Regex SubsetTag();

    /// <summary>A plain report: a title, then paragraphs (bold ones as headings). Used by the right-of-access export.</summary>
    public static byte[] RenderReport(string heading, IEnumerable<(string Text, bool Bold)> paragraphs, Guid id)
    {
        EnsureFont();
        using var pdf = new PdfDocument();
        pdf.Info.Title = heading;
        pdf.Info.Creator = "Samtale";
        var regular = new XFont(DejaVuResolver.Family, 10);
        var bold = new XFont(DejaVuResolver.Family, 10, XFontStyleEx.Bold);
        var writer = new PageWriter(pdf);
        writer.Line(heading, new XFont(DejaVuResolver.Family, 14, XFontStyleEx.Bold), 22);
        foreach (var (text, isBold) in paragraphs)
        {
            if (isBold)
            {
                writer.Gap();
            }

            foreach (var line in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
            {
                writer.Wrapped(line, isBold ? bold : regular);
            }
        }

        writer.Dispose();
        using var stream = new MemoryStream();
        pdf.Save(stream, false);
        return Deterministic(stream.ToArray(), id);
    }

    private static void EnsureFont()
    {
        lock (FontLock)
        {
            if (GlobalFontSettings.FontResolver is not DejaVuResolver)
            {
                GlobalFontSettings.FontResolver = new DejaVuResolver();
            }
        }
    }

    private sealed class PageWriter(PdfDocument pdf) : IDisposable
    {
        private PdfPage? _page;
        private XGraphics? _gfx;
        private double _y;

        public void Line(string text, XFont font, double height = LineHeight)
        {
            Ensure(height);
            _gfx!.DrawString(text, font, XBrushes.Black, new XPoint(Margin, _y + font.Size));
            _y += height;
        }

        public void Wrapped(string text, XFont font)
        {
            Ensure(LineHeight);
            var width = _page!.Width.Point - 2 * Margin;
            var line = "";
            foreach (var word in text.Split(' '))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (line.Length > 0 && _gfx!.MeasureString(candidate, font).Width > width)
                {
                    Line(line, font);
                    line = word;
                }
                else
                {
                    line = candidate;
                }

                // A single unbroken word wider than the page is cut where it has to be.
                while (_gfx!.MeasureString(line, font).Width > width && line.Length > 1)
                {
                    var cut = line.Length - 1;
                    while (cut > 1 && _gfx.MeasureString(line[..cut], font).Width > width)
                    {
                        cut--;
                    }

                    Line(line[..cut], font);
                    line = line[cut..];
                }
            }

            Line(line, font);
        }

        public void Gap() => _y += LineHeight / 2;

        private void Ensure(double height)
        {
            if (_page is not null && _y + height <= _page.Height.Point - Margin)
            {
                return;
            }

            _gfx?.Dispose();
            _page = pdf.AddPage();
            _gfx = XGraphics.FromPdfPage(_page);
            _y = Margin;
        }

        public void Dispose() => _gfx?.Dispose();
    }

    private sealed class DejaVuResolver : IFontResolver
    {
        public const string Family = "DejaVu Sans";
        private const string Face = "DejaVuSans";
        private static readonly Lazy<byte[]> Bytes = new(() =>
        {
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Samtale.Journaling.DejaVuSans.ttf")
                ?? throw new InvalidOperationException("The journal font is not embedded.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        });

        // One face for every style: bold is simulated, so no second font file has to ship.
        public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) =>
            new(Face, bold, italic);

        public byte[] GetFont(string faceName) => Bytes.Value;
    }
}
