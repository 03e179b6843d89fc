using System.Text;
using Microsoft.EntityFrameworkCore;
using Samtale.Web.Data;
using Samtale.Web.Features.Encryption;

namespace Samtale.Web.Features.Messaging;

/// <summary>An auto-reply ready to save with the message that triggered it.</summary>
public sealed record AutoReplyDue(Message Message, string Text, string SenderName);

/// <summary>
/// Answers a citizen's message with the staff member's absence notice, once per conversation and absence.
/// Only conversations with one staff member get it: in a team conversation a colleague can answer.
/// </summary>
public sealed class AutoReply(AppDbContext db, ContentCipher cipher, AbsenceCalendar calendar, TimeProvider clock)
{
    public const int MaxLength = 1000;

    /// <summary>The auto-reply to add after this citizen message, if one is due; the caller saves and broadcasts it.</summary>
    public async Task<Message?> DueAsync(Conversation conversation, CancellationToken ct) =>
        (await DueForAsync([conversation], ct)).GetValueOrDefault(conversation.Id)?.Message;

    /// <summary>
    /// The auto-replies due after citizen messages in these conversations, by conversation. The usual answer,
    /// nobody is away, comes from memory (<see cref="AbsenceCalendar"/>); only an absent staff member costs queries.
    /// </summary>
    public async Task<Dictionary<Guid, AutoReplyDue>> DueForAsync(IEnumerable<Conversation> conversations, CancellationToken ct)
    {
        var due = new Dictionary<Guid, AutoReplyDue>();
        var withStaff = conversations.Where(c => c.CounterpartKind == CounterpartKind.Staff).DistinctBy(c => c.Id).ToList();
        if (withStaff.Count == 0)
        {
            return due;
        }

        var staffIds = (await calendar.WithNoticesAsync(withStaff.Select(c => c.CounterpartId), ct)).ToList();
        if (staffIds.Count == 0)
        {
            return due;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var notices = await (from a in db.AbsenceNotices.IgnoreQueryFilters().AsNoTracking()
                             where staffIds.Contains(a.StaffAccountId) && a.From <= now && now < a.To
                             join s in db.StaffAccounts.IgnoreQueryFilters() on a.StaffAccountId equals s.Id
                             select new { Notice = a, s.DisplayName }).ToListAsync(ct);
        foreach (var conversation in withStaff)
        {
            if (notices.FirstOrDefault(n => n.Notice.StaffAccountId == conversation.CounterpartId) is not { } found)
            {
                continue;
            }

            // The client key names the notice and its version, so the unique index on (conversation,
            // sender, client key) is what makes it "once per conversation"; editing the notice starts anew.
            var notice = found.Notice;
            var clientKey = $"auto-{notice.Id:N}-{notice.UpdatedAt.Ticks:x}";
            if (await db.Messages.IgnoreQueryFilters().AnyAsync(m => m.ConversationId == conversation.Id && m.SenderId == notice.StaffAccountId && m.ClientKey == clientKey, ct))
            {
                continue;
            }

            var sealedBody = await cipher.SealAsync(conversation.TenantId, Encoding.UTF8.GetBytes(notice.Text),
                MessageDelivery.Aad(conversation.Id, notice.StaffAccountId, clientKey), ct);
            due[conversation.Id] = new AutoReplyDue(
                new Message
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
                },
                notice.Text,
                found.DisplayName);
        }

        return due;
    }
}
