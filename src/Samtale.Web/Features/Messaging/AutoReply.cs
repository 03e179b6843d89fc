using System.Text;
using Microsoft.EntityFrameworkCore;
using Samtale.Web.Data;
using Samtale.Web.Features.Encryption;

namespace Samtale.Web.Features.Messaging;

/// <summary>
/// Answers a citizen's message with the staff member's absence notice, once per conversation and absence.
/// Only conversations with one staff member get it: in a team conversation a colleague can answer.
/// </summary>
public sealed class AutoReply(AppDbContext db, ContentCipher cipher, TimeProvider clock)
{
    public const int MaxLength = 1000;

    /// <summary>The auto-reply to add after this citizen message, if one is due; the caller saves and broadcasts it.</summary>
    public async Task<Message?> DueAsync(Conversation conversation, CancellationToken ct)
    {
        if (conversation.CounterpartKind != CounterpartKind.Staff)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var notice = await db.AbsenceNotices.AsNoTracking()
            .SingleOrDefaultAsync(a => a.StaffAccountId == conversation.CounterpartId && a.From <= now && now < a.To, ct);
        if (notice is null)
        {
            return null;
        }

        // The client key names the notice and its version, so the unique index on (conversation,
        // sender, client key) is what makes it "once per conversation"; editing the notice starts anew.
        var clientKey = $"auto-{notice.Id:N}-{notice.UpdatedAt.Ticks:x}";
        if (await db.Messages.AnyAsync(m => m.ConversationId == conversation.Id && m.SenderId == notice.StaffAccountId && m.ClientKey == clientKey, ct))
        {
            return null;
        }

        var sealedBody = await cipher.SealAsync(conversation.TenantId, Encoding.UTF8.GetBytes(notice.Text),
            MessageDelivery.Aad(conversation.Id, notice.StaffAccountId, clientKey), ct);
        return new Message
        {
            TenantId = conversation.TenantId,
            ConversationId = conversation.Id,
            SenderKind = SenderKind.Staff,
            SenderId = notice.StaffAccountId,
            SentAt = now,
            ClientKey = clientKey,
            KeyId = sealedBody.KeyId,
            Body = sealedBody.Blob,
            IsAutoReply = true,
        };
    }
}
