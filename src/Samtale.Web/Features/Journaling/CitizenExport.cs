using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Samtale.Web.Data;
using Samtale.Web.Features.Encryption;
using Samtale.Web.Features.Messaging;

namespace Samtale.Web.Features.Journaling;

public sealed record ExportedMessage(long Id, DateTime SentAt, string SenderKind, Guid SenderId, string? Text, bool PurgedFromSamtale, string JournalState, IReadOnlyList<ExportedAttachment> Attachments);

public sealed record ExportedAttachment(Guid Id, string? Name, string ContentType, long Size, string Sha256);

public sealed record ExportedConversation(Guid Id, string CounterpartKind, Guid CounterpartId, DateTime CreatedAt, IReadOnlyList<ExportedMessage> Messages);

/// <summary>Where earlier content went: the case system's receipt for each journal document.</summary>
public sealed record ExportedJournalDocument(Guid DocumentId, Guid ConversationId, string CaseReference, DateTime Day, string Sink, string State, string? ReceiptId, DateTime? ConfirmedAt, DateTime? PurgedAt, string? PdfSha256, int Messages);

/// <summary>A screen visit as the call log holds it: never media; the note while it is still in Samtale.</summary>
public sealed record ExportedCall(
    Guid Id, bool Planned, string Direction, Guid StaffAccountId, DateTime StartedAt, DateTime? AnsweredAt, DateTime? EndedAt,
    int? DurationSeconds, string? EndReason, string? Note, int NoteRevision, IReadOnlyList<ExportedParticipant> Participants);

/// <summary>Who joined a call; a guest by the label staff gave, never as a person.</summary>
public sealed record ExportedParticipant(string Kind, Guid? PersonId, string? GuestLabel, DateTime JoinedAt, DateTime? LeftAt);

public sealed record ExportedVisit(Guid Id, Guid StaffAccountId, DateTime StartsAt, int DurationMinutes, DateTime CreatedAt);

public sealed record ExportedLink(Guid Id, string CaseReference, Guid? StaffAccountId, Guid? TeamId, DateTime CreatedAt);

public sealed record ExportedDevice(Guid Id, string Label, DateTime RegisteredAt, DateTime? LastUnlockAt, DateTime? RevokedAt);

public sealed record CitizenExportDto(
    Guid CitizenId, string DisplayName, DateTime CreatedAt, DateTime ExportedAt,
    IReadOnlyList<ExportedLink> Links, IReadOnlyList<ExportedDevice> Devices,
    IReadOnlyList<ExportedConversation> Conversations, IReadOnlyList<ExportedVisit> PlannedVisits, IReadOnlyList<ExportedCall> Calls,
    IReadOnlyList<ExportedJournalDocument> Journal);

/// <summary>
/// Right of access (GDPR art. 15): everything Samtale holds on one citizen, readable, including where
/// content that has left Samtale went (the case system's receipt ids). Secrets (PIN and device hashes)
/// are not personal data the citizen can use and are left out. The export itself is a read of personal
/// data and is audited.
/// </summary>
public sealed class CitizenExport(AppDbContext db, ContentCipher cipher, TimeProvider clock, Audit.AuditTrail audit)
{
    public async Task<CitizenExportDto?> BuildAsync(Guid citizenId, CancellationToken ct)
    {
        var citizen = await db.Citizens.AsNoTracking().SingleOrDefaultAsync(c => c.Id == citizenId, ct);
        if (citizen is null)
        {
            return null;
        }

        var links = await db.CitizenLinks.AsNoTracking().Where(l => l.CitizenId == citizenId).OrderBy(l => l.CreatedAt)
            .Select(l => new ExportedLink(l.Id, l.CaseReference, l.StaffAccountId, l.TeamId, l.CreatedAt)).ToListAsync(ct);
        var devices = await db.CitizenDevices.AsNoTracking().Where(d => d.CitizenId == citizenId).OrderBy(d => d.RegisteredAt)
            .Select(d => new ExportedDevice(d.Id, d.Label, d.RegisteredAt, d.LastUnlockAt, d.RevokedAt)).ToListAsync(ct);
        var conversations = new List<ExportedConversation>();
        foreach (var c in await db.Conversations.AsNoTracking().Where(c => c.CitizenId == citizenId).OrderBy(c => c.CreatedAt).ToListAsync(ct))
        {
            var messages = await db.Messages.AsNoTracking().Where(m => m.ConversationId == c.Id).OrderBy(m => m.Id).ToListAsync(ct);
            var ids = messages.Select(m => m.Id).ToList();
            var files = await db.Attachments.AsNoTracking().Where(a => ids.Contains(a.MessageId)).ToListAsync(ct);
            var states = await JournalStates.OfAsync(db, ids, ct);
            var exported = new List<ExportedMessage>();
            foreach (var m in messages)
            {
                var purged = m.Body.Length == 0;
                var text = purged ? null : Encoding.UTF8.GetString(await cipher.OpenAsync(new Sealed(m.KeyId, m.Body), MessageDelivery.Aad(m.ConversationId, m.SenderId, m.ClientKey), ct));
                var attachments = new List<ExportedAttachment>();
                foreach (var f in files.Where(f => f.MessageId == m.Id))
                {
                    var name = f.Name.Length == 0 ? null : Encoding.UTF8.GetString(await cipher.OpenAsync(new Sealed(f.KeyId, f.Name), MessageDelivery.AttachmentAad(f.Id, "name"), ct));
                    attachments.Add(new ExportedAttachment(f.Id, name, f.ContentType, f.Size, f.Sha256));
                }

                exported.Add(new ExportedMessage(m.Id, m.SentAt, m.SenderKind.ToString(), m.SenderId, text, purged, purged ? JournalState.Purged : states.GetValueOrDefault(m.Id, JournalState.Waiting), attachments));
            }

            conversations.Add(new ExportedConversation(c.Id, c.CounterpartKind.ToString(), c.CounterpartId, c.CreatedAt, exported));
        }

        var visits = await db.Set<Visits.PlannedVisit>().AsNoTracking().Where(v => v.CitizenId == citizenId).OrderBy(v => v.StartsAt)
            .Select(v => new ExportedVisit(v.Id, v.StaffAccountId, v.StartsAt, v.DurationMinutes, v.CreatedAt)).ToListAsync(ct);
        var calls = new List<ExportedCall>();
        foreach (var call in await db.Set<Visits.CallRecord>().AsNoTracking().Where(c => c.CitizenId == citizenId).OrderBy(c => c.StartedAt).ToListAsync(ct))
        {
            var note = call is { NoteKeyId: { } key, NoteBlob: { } blob }
                ? Encoding.UTF8.GetString(await cipher.OpenAsync(new Sealed(key, blob), call.Id.ToByteArray(), ct))
                : null;
            var participants = await db.Set<Visits.CallParticipant>().AsNoTracking().Where(p => p.CallId == call.Id).OrderBy(p => p.JoinedAt)
                .Select(p => new ExportedParticipant(p.Kind.ToString(), p.PersonId, p.GuestLabel, p.JoinedAt, p.LeftAt)).ToListAsync(ct);
            calls.Add(new ExportedCall(
                call.Id, call.Planned, call.Direction.ToString(), call.StaffAccountId, call.StartedAt, call.AnsweredAt, call.EndedAt,
                call.DurationSeconds, call.EndReason?.ToString(), note, call.NoteRevision, participants));
        }

        var journal = await db.Set<JournalUnit>().AsNoTracking().Where(u => u.CitizenId == citizenId).OrderBy(u => u.CreatedAt)
            .Select(u => new ExportedJournalDocument(u.Id, u.ConversationId, u.CaseReference, u.Day, u.Sink.ToString(), u.State.ToString(), u.ReceiptId, u.ConfirmedAt, u.PurgedAt, u.PdfSha256,
                db.Set<JournalJob>().Count(j => j.UnitId == u.Id)))
            .ToListAsync(ct);

        audit.Record("citizen.export", citizen.TenantId, "Citizen", citizen.Id);
        await db.SaveChangesAsync(ct);
        return new CitizenExportDto(citizen.Id, citizen.DisplayName, citizen.CreatedAt, clock.GetUtcNow().UtcDateTime, links, devices, conversations, visits, calls, journal);
    }

    public static byte[] Pdf(CitizenExportDto e)
    {
        static string T(DateTime? t) => t?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "—";
        var p = new List<(string, bool)>
        {
            ($"Borger / innbygger: {e.DisplayName} [{e.CitizenId}]", false),
            ($"Oprettet: {T(e.CreatedAt)} · Udtræk: {T(e.ExportedAt)}", false),
            ("Tilknytninger (sagsnumre)", true),
        };
        p.AddRange(e.Links.Select(l => ($"{l.CaseReference} — {(l.StaffAccountId is { } s ? $"medarbejder {s}" : $"team {l.TeamId}")}, {T(l.CreatedAt)}", false)));
        p.Add(("Enheder", true));
        p.AddRange(e.Devices.Select(d => ($"{d.Label} — registreret {T(d.RegisteredAt)}, sidst låst op {T(d.LastUnlockAt)}, spærret {T(d.RevokedAt)}", false)));
        foreach (var c in e.Conversations)
        {
            p.Add(($"Samtale {c.Id} ({c.CounterpartKind} {c.CounterpartId})", true));
            foreach (var m in c.Messages)
            {
                p.Add(($"{T(m.SentAt)} · {m.SenderKind} {m.SenderId} · {m.JournalState}", false));
                p.Add((m.PurgedFromSamtale ? "[Journaliseret og slettet fra Samtale — se journaldokumenterne nedenfor]" : m.Text ?? "", false));
                p.AddRange(m.Attachments.Select(a => ($"Bilag: {a.Name ?? "[slettet fra Samtale]"} ({a.ContentType}, {a.Size} bytes, SHA-256 {a.Sha256})", false)));
            }
        }

        p.Add(("Planlagte skærmbesøg", true));
        p.AddRange(e.PlannedVisits.Select(v => ($"{T(v.StartsAt)} · {v.DurationMinutes} min. · medarbejder {v.StaffAccountId}", false)));
        p.Add(("Skærmbesøg (opkaldslog — aldrig billede eller lyd)", true));
        foreach (var c in e.Calls)
        {
            p.Add(($"{T(c.StartedAt)} · {(c.Planned ? "planlagt" : "ad hoc")} · {c.Direction} · medarbejder {c.StaffAccountId} · besvaret {T(c.AnsweredAt)} · slut {T(c.EndedAt)} · {c.DurationSeconds?.ToString(CultureInfo.InvariantCulture) ?? "—"} s · {c.EndReason ?? "—"}", false));
            p.AddRange(c.Participants.Select(x => ($"Deltager: {x.Kind} {x.GuestLabel ?? x.PersonId?.ToString()} · {T(x.JoinedAt)}–{T(x.LeftAt)}", false)));
            p.Add((c.Note is { } note ? $"Notat: {note}" : c.NoteRevision > 0 ? "Notat: [journaliseret og slettet fra Samtale, eller fjernet]" : "Intet notat", false));
        }

        p.Add(("Journaldokumenter (hvor indholdet er journaliseret)", true));
        p.AddRange(e.Journal.Select(j => ($"{j.DocumentId} · sag {j.CaseReference} · {j.Day:yyyy-MM-dd} · {j.Sink} · {j.State} · kvittering {j.ReceiptId ?? "—"} · bekræftet {T(j.ConfirmedAt)} · slettet {T(j.PurgedAt)} · PDF SHA-256 {j.PdfSha256 ?? "—"}", false)));
        return JournalPdf.RenderReport("Indsigt: alt Samtale har om borgeren", p, e.CitizenId);
    }

    internal static async Task<Results<Ok<CitizenExportDto>, NotFound>> JsonAsync(Guid citizenId, CitizenExport export, CancellationToken ct) =>
        await export.BuildAsync(citizenId, ct) is { } e ? TypedResults.Ok(e) : TypedResults.NotFound();

    internal static async Task<Results<FileContentHttpResult, NotFound>> PdfAsync(Guid citizenId, CitizenExport export, CancellationToken ct) =>
        await export.BuildAsync(citizenId, ct) is { } e ? TypedResults.File(Pdf(e), "application/pdf", $"indsigt-{citizenId:N}.pdf") : TypedResults.NotFound();
}
