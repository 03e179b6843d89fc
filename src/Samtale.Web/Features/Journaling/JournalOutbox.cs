using Samtale.Web.Data;
using Samtale.Web.Features.Messaging;

namespace Samtale.Web.Features.Journaling;

/// <summary>The one call the commit paths make: the job rides in the same SaveChanges as its message.</summary>
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
}
