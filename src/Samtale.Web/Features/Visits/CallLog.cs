using System.Text;
using Microsoft.EntityFrameworkCore;
using Samtale.Web.Data;
using Samtale.Web.Features.Audit;
using Samtale.Web.Features.Encryption;
using Samtale.Web.Features.Journaling;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Visits;

/// <summary>One line of a call log, as the staff member sees it.</summary>
public sealed record CallLogEntry(Guid Id, string Citizen, CallDirection Direction, bool Planned, DateTime StartedAt, DateTime? AnsweredAt, DateTime? EndedAt,
    int? DurationSeconds, CallEndReason? EndReason, string? Note, string? Journal = null);

/// <summary>
/// The calls a staff member took part in, and their notes. A note is case content, so it is sealed at rest
/// with the municipality's data key (as message bodies are), bound to its call's id.
/// </summary>
public sealed class CallLog(AppDbContext db, ContentCipher cipher, AuditTrail audit, CurrentUser me, TimeProvider clock)
{
    public async Task<List<CallLogEntry>> RecentAsync(int take, CancellationToken ct)
    {
        var rows = await (from c in db.Set<CallRecord>().AsNoTracking()
                          join citizen in db.Citizens on c.CitizenId equals citizen.Id
                          where c.StaffAccountId == me.Id
                          orderby c.StartedAt descending
                          select new { Call = c, citizen.DisplayName }).Take(take).ToListAsync(ct);
        var journal = await JournalStates.OfCallsAsync(db, rows.Select(r => r.Call.Id).ToList(), ct);
        var entries = new List<CallLogEntry>(rows.Count);
        foreach (var r in rows)
        {
            var c = r.Call;
            entries.Add(new CallLogEntry(c.Id, r.DisplayName, c.Direction, c.Planned, c.StartedAt, c.AnsweredAt, c.EndedAt, c.DurationSeconds, c.EndReason,
                await OpenNoteAsync(c, ct), journal.GetValueOrDefault(c.Id)));
        }

        return entries;
    }

    /// <summary>Sets the note on one of the current staff member's ended calls. Returns an error key, or null.</summary>
    public async Task<string?> SetNoteAsync(Guid callId, string? text, CancellationToken ct)
    {
        var call = await db.Set<CallRecord>().SingleOrDefaultAsync(c => c.Id == callId && c.StaffAccountId == me.Id, ct);
        if (call is null)
        {
            return "Visits.CallNotFound";
        }

        text = text?.Trim();
        if (text is { Length: > CallRecord.MaxNoteLength })
        {
            return "Visits.NoteTooLong";
        }

        if ((text ?? "") == (await OpenNoteAsync(call, ct) ?? ""))
        {
            // Saving an unchanged note is not a new note: no new revision, no further document for the case.
            return null;
        }

        if (string.IsNullOrEmpty(text))
        {
            (call.NoteKeyId, call.NoteBlob, call.NotedAt) = (null, null, null);
        }
        else
        {
            var sealedNote = await cipher.SealAsync(call.TenantId, Encoding.UTF8.GetBytes(text), call.Id.ToByteArray(), ct);
            (call.NoteKeyId, call.NoteBlob, call.NotedAt) = (sealedNote.KeyId, sealedNote.Blob, clock.GetUtcNow().UtcDateTime);
        }

        call.NoteRevision++;
        if (call.EndedAt is not null && call.NoteBlob is not null)
        {
            // The case system gets the note as a new document (a unit of its own, with its own idempotency
            // key); a note written before the call ended rides in the job the end commits. Clearing a note
            // sends nothing: what the case system already holds stays there.
            JournalOutbox.Enqueue(db, call, clock.GetUtcNow().UtcDateTime);
        }

        audit.Record("call.note", call.TenantId, "call", call.Id);
        await db.SaveChangesAsync(ct);
        return null;
    }

    private async Task<string?> OpenNoteAsync(CallRecord c, CancellationToken ct) =>
        c is { NoteKeyId: { } key, NoteBlob: { } blob }
            ? Encoding.UTF8.GetString(await cipher.OpenAsync(new Sealed(key, blob), c.Id.ToByteArray(), ct))
            : null;
}
