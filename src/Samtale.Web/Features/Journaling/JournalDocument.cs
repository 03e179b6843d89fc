using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace Samtale.Web.Features.Journaling;

public sealed record JournalParty(string Role, Guid Id, string Name);

public sealed record JournalAttachment(Guid Id, string Name, string ContentType, byte[] Bytes, string Sha256)
{
    /// <summary>The name the file gets at the sink: ids only, the real name is inside the metadata and the PDF.</summary>
    public string FileName(Guid unitId) => $"{unitId:N}-{Id:N}{Extension(ContentType)}";

    private static string Extension(string contentType) => contentType switch
    {
        "application/pdf" => ".pdf",
        "image/jpeg" => ".jpg",
        "image/png" => ".png",
        "image/gif" => ".gif",
        "image/webp" => ".webp",
        "text/plain" => ".txt",
        _ => ".bin",
    };
}

public sealed record JournalMessage(long Id, DateTime SentAt, string SenderRole, Guid SenderId, string SenderName, string Direction, string Text, string TextSha256, IReadOnlyList<JournalAttachment> Attachments);

/// <summary>One screen visit as journaled: the call's facts and the note of one revision (null when there was none); never media.</summary>
public sealed record JournalCall(
    Guid Id, bool Planned, string CallerRole, DateTime StartedAt, DateTime? AnsweredAt, DateTime? EndedAt, int? DurationSeconds, string EndReason,
    int NoteRevision, string? Note, string? NoteSha256);

/// <summary>One unit as it leaves Samtale: the same content on every (re)delivery, keyed by <see cref="UnitId"/>.</summary>
public sealed record JournalDocument(
    Guid UnitId,
    Guid TenantId,
    string CaseReference,
    string Title,
    DateTime Day,
    string Direction,
    string Profile,
    IReadOnlyList<JournalParty> Parties,
    IReadOnlyList<JournalMessage> Messages)
{
    /// <summary>Set when the unit is one call record; <see cref="Messages"/> is then empty.</summary>
    public JournalCall? Call { get; init; }

    public string IdempotencyKey => UnitId.ToString("N");

    public string PdfFileName => $"{UnitId:N}.pdf";

    public string MetadataFileName => $"{UnitId:N}.xml";

    public IEnumerable<JournalAttachment> Attachments => Messages.SelectMany(m => m.Attachments);

    public static string Sha256Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>
    /// The machine-readable side: OIO Sag &amp; Dokument field names (Danish), or the Noark 5 names for a
    /// Norwegian tenant. docs/journaling.md maps one onto the other.
    /// </summary>
    public byte[] MetadataXml(string pdfSha256)
    {
        var noark = Profile == "Noark5";
        XNamespace ns = noark ? "urn:samtale:journal:noark5:1" : "urn:samtale:journal:oio:1";
        var date = Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var parties = Parties.Select(p => new XElement(ns + (noark ? "korrespondansepart" : "Part"),
            new XElement(ns + (noark ? "korrespondanseparttype" : "PartRolle"), p.Role),
            new XElement(ns + (noark ? "korrespondansepartID" : "PartID"), p.Id)));
        var files = new List<XElement>
        {
            new(ns + (noark ? "dokumentobjekt" : "Variant"),
                new XElement(ns + (noark ? "variantformat" : "VariantType"), noark ? "Produksjonsformat" : "Produktion"),
                new XElement(ns + (noark ? "filnavn" : "Filnavn"), PdfFileName),
                new XElement(ns + (noark ? "format" : "Format"), "application/pdf"),
                new XElement(ns + (noark ? "sjekksum" : "SHA256"), pdfSha256),
                noark ? new XElement(ns + "sjekksumAlgoritme", "SHA256") : null),
        };
        files.AddRange(Attachments.Select(a => new XElement(ns + (noark ? "vedlegg" : "Bilag"),
            new XElement(ns + (noark ? "filnavn" : "Filnavn"), a.FileName(UnitId)),
            new XElement(ns + (noark ? "tittel" : "Titel"), a.Name),
            new XElement(ns + (noark ? "format" : "Format"), a.ContentType),
            new XElement(ns + (noark ? "sjekksum" : "SHA256"), a.Sha256))));
        var messages = Messages.Select(m => new XElement(ns + (noark ? "melding" : "Besked"),
            new XAttribute("id", m.Id),
            new XAttribute("tid", m.SentAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)),
            new XAttribute("afsenderRolle", m.SenderRole),
            new XAttribute("afsenderId", m.SenderId),
            new XAttribute("retning", m.Direction),
            new XAttribute("sha256", m.TextSha256)));
        var call = Call is not { } c ? null : new XElement(ns + (noark ? "skjermbesok" : "Skaermbesoeg"),
            new XAttribute("id", c.Id),
            new XAttribute("planlagt", c.Planned ? "ja" : "nej"),
            new XAttribute("opkaldFra", c.CallerRole),
            new XAttribute("start", Time(c.StartedAt)),
            c.AnsweredAt is { } answered ? new XAttribute("besvaret", Time(answered)) : null,
            c.EndedAt is { } ended ? new XAttribute("slut", Time(ended)) : null,
            new XAttribute("varighedSekunder", c.DurationSeconds ?? 0),
            new XAttribute("slutaarsag", c.EndReason),
            new XAttribute("notatVersion", c.NoteRevision),
            c.NoteSha256 is { } noteSha ? new XAttribute("notatSha256", noteSha) : null);
        var root = noark
            ? new XElement(ns + "registrering",
                new XElement(ns + "saksnummer", CaseReference),
                new XElement(ns + "systemID", UnitId),
                new XElement(ns + "tittel", Title),
                new XElement(ns + "dokumentetsDato", date),
                new XElement(ns + "journalposttype", Direction == "Indgående" ? "Inngående dokument" : "Utgående dokument"),
                parties, files, messages, call)
            : new XElement(ns + "Dokument",
                new XElement(ns + "Sagsnummer", CaseReference),
                new XElement(ns + "DokumentID", UnitId),
                new XElement(ns + "Titel", Title),
                new XElement(ns + "Dato", date),
                new XElement(ns + "Retning", Direction),
                new XElement(ns + "Parter", parties), files, messages, call);
        using var stream = new MemoryStream();
        new XDocument(new XDeclaration("1.0", "utf-8", null), root).Save(stream);
        return stream.ToArray();
    }

    /// <summary>The same metadata as JSON, for the HTTP sink.</summary>
    public object MetadataJson(string pdfSha256) => new
    {
        idempotencyKey = IdempotencyKey,
        profile = Profile,
        caseNumber = CaseReference,
        documentId = UnitId,
        title = Title,
        date = Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        direction = Direction,
        parties = Parties.Select(p => new { role = p.Role, id = p.Id }),
        pdf = new { fileName = PdfFileName, sha256 = pdfSha256 },
        attachments = Attachments.Select(a => new { id = a.Id, fileName = a.FileName(UnitId), title = a.Name, contentType = a.ContentType, sha256 = a.Sha256 }),
        messages = Messages.Select(m => new { id = m.Id, sentAt = m.SentAt, senderRole = m.SenderRole, senderId = m.SenderId, direction = m.Direction, sha256 = m.TextSha256 }),
        call = Call is not { } c ? null : new
        {
            id = c.Id,
            planned = c.Planned,
            callerRole = c.CallerRole,
            startedAt = c.StartedAt,
            answeredAt = c.AnsweredAt,
            endedAt = c.EndedAt,
            durationSeconds = c.DurationSeconds,
            endReason = c.EndReason,
            noteRevision = c.NoteRevision,
            noteSha256 = c.NoteSha256,
        },
    };

    private static string Time(DateTime t) => t.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    internal static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}
