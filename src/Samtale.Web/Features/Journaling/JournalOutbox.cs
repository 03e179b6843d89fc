using Samtale.Web.Data;
using Samtale.Web.Features.Messaging;
using Samtale.Web.Features.Visits;

namespace Samtale.Web.Features.Journaling;

/// <summary>The calls the commit paths make: the job rides in the same SaveChanges as its message or call record.</summary>
public static class JournalOutbox
{
    /// <summary>
    /// Adds the journal job of a message that is being added to <paramref name="db"/>. Call it before
    /// SaveChanges, so the message and the job commit together or not at all.
    /// </summary>
    public static void Enqueue(AppDbContext db, Message message) =>
        db.Set<JournalJob>().Add(new JournalJob
        {
            TenantId = message.TenantId,
            ConversationId = message.ConversationId,
            Message = message,
            CreatedAt = message.SentAt,
        });

    /// <summary>
    /// Adds the journal job of an ended call record as it stands now (its end, and its note at the current
    /// <see cref="CallRecord.NoteRevision"/>). Call it before the SaveChanges that ends the call or changes
    /// its note, so the change and the job commit together or not at all.
    /// </summary>
    public static void Enqueue(AppDbContext db, CallRecord call, DateTime now) =>
        db.Set<JournalJob>().Add(new JournalJob
        {
            TenantId = call.TenantId,
            CallRecordId = call.Id,
            NoteRevision = call.NoteRevision,
            NoteKeyId = call.NoteKeyId,
            NoteBlob = call.NoteBlob,
            CreatedAt = now,
        });
}
