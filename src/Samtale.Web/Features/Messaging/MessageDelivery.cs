using System.Text;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Samtale.Web.Data;
using Samtale.Web.Features.Attachments;
using Samtale.Web.Features.Encryption;
using Samtale.Web.Features.Links;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Messaging;

/// <summary>A message as its reader sees it. Text is plain text; the browser shows it as text, never as markup.</summary>
/// <remarks>Journal is "waiting", "journaled", "failed" or "purged"; a purged message has no text left in Samtale.</remarks>
public sealed record MessageView(long Id, Guid ConversationId, string SenderKind, Guid SenderId, string SenderName, DateTime SentAt, string Text, string ClientKey, bool IsAutoReply, IReadOnlyList<AttachmentView> Attachments, string Journal = Journaling.JournalState.Waiting);

public sealed record AttachmentView(Guid Id, string Name, string ContentType, long Size, bool HasPreview);

public sealed record MessagePage(IReadOnlyList<MessageView> Messages, long? OlderCursor, Markers Markers);

/// <summary>How far the other side has come: a sender's message is delivered or read up to these ids.</summary>
public sealed record Markers(long CitizenDelivered, long CitizenRead, long StaffDelivered, long StaffRead);

public sealed record SendResult(MessageView? Message, bool Replayed, string? ErrorKey);

/// <summary>
/// Sending, reading and paging messages. A message is acknowledged only after its row is committed, and
/// the sender's client key makes every resend return that same row instead of a second one.
/// </summary>
public sealed class MessageDelivery(
    AppDbContext db,
    ContentCipher cipher,
    ReachPolicy reach,
    CurrentUser me,
    TimeProvider clock,
    AutoReply autoReply,
    Audit.AuditTrail audit,
    IHubContext<ChatHub, IChatClient> hub,
    MessageCommitter committer,
    MessageFanout fanout,
    RecentReads recentReads)
{
    public const int MaxLength = 10_000;
    public const int PageSize = 50;

    /// <summary>Sends a text message; the recipients are looked up here (the hub passes the ones its connection already knows).</summary>
    public async Task<SendResult> SendAsync(Conversation conversation, string? clientKey, string? text, CancellationToken ct) =>
        await SendTextAsync(conversation, await reach.StaffParticipants(conversation).ToListAsync(ct), clientKey, text, ct);

    /// <summary>
    /// Sends a text message through the group commit (<see cref="MessageCommitter"/>): the body is sealed
    /// here, on the sender's own call, and the answer comes once the transaction holding it has committed.
    /// The unique client key, not a lookup beforehand, decides whether this is a resend.
    /// </summary>
    public async Task<SendResult> SendTextAsync(Conversation conversation, IReadOnlyList<Guid> staffParticipants, string? clientKey, string? text, CancellationToken ct)
    {
        if (Refusal(clientKey, text, hasFile: false, out var body) is { } refused)
        {
            return refused;
        }

        var sealedBody = await cipher.SealAsync(conversation.TenantId, Encoding.UTF8.GetBytes(body), Aad(conversation.Id, me.Id, clientKey!), ct);
        var row = NewMessage(conversation, clientKey!, sealedBody);
        var outcome = await committer.CommitAsync(new PendingMessage(conversation, staffParticipants, row, body, me.DisplayName));
        if (outcome.Committed is { } view)
        {
            return new(view, false, null);
        }

        var existing = await db.Messages.AsNoTracking()
            .SingleOrDefaultAsync(m => m.ConversationId == conversation.Id && m.SenderId == me.Id && m.ClientKey == clientKey, CancellationToken.None);

        // No row under the key: the conversation itself was deleted (its citizen removed) while this waited.
        return existing is null ? new(null, false, "not-found") : await ReplayAsync(conversation, existing, body, CancellationToken.None);
    }

    /// <summary>Sends a message, optionally with one file; the file commits in the same transaction as its message.</summary>
    public async Task<SendResult> SendAsync(Conversation conversation, string? clientKey, string? text, PreparedAttachment? file, CancellationToken ct)
    {
        if (file is null)
        {
            return await SendAsync(conversation, clientKey, text, ct);
        }

        if (Refusal(clientKey, text, hasFile: true, out var body) is { } refused)
        {
            return refused;
        }

        var existing = await db.Messages.AsNoTracking()
            .SingleOrDefaultAsync(m => m.ConversationId == conversation.Id && m.SenderId == me.Id && m.ClientKey == clientKey, ct);
        if (existing is not null)
        {
            return await ReplayAsync(conversation, existing, body, ct);
        }

        var sealedBody = await cipher.SealAsync(conversation.TenantId, Encoding.UTF8.GetBytes(body), Aad(conversation.Id, me.Id, clientKey!), ct);
        var message = NewMessage(conversation, clientKey!, sealedBody);
        db.Messages.Add(message);
        Journaling.JournalOutbox.Enqueue(db, message);

        // The auto-reply commits with the message that triggered it, so it can neither go missing nor come twice.
        var reply = message.SenderKind == SenderKind.Citizen ? await autoReply.DueAsync(conversation, ct) : null;
        if (reply is not null)
        {
            db.Messages.Add(reply);
            Journaling.JournalOutbox.Enqueue(db, reply);
        }

        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.Conversations.Where(c => c.Id == conversation.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.LastActivityAt, message.SentAt), ct);
            await db.SaveChangesAsync(ct);
            db.Attachments.Add(await SealAttachmentAsync(conversation, message.Id, file, ct));
            await db.SaveChangesAsync(ct);

            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same resend raced itself; the first one won and is the answer to both.
            db.ChangeTracker.Clear();
            var winner = await db.Messages.AsNoTracking().SingleOrDefaultAsync(m => m.ConversationId == conversation.Id && m.SenderId == me.Id && m.ClientKey == clientKey, ct);
            if (winner is null && reply is not null)
            {
                // Not this message's key but the auto-reply's: another message in the conversation got the
                // notice in first. Sent again, this one finds the notice there and goes without it.
                return await SendAsync(conversation, clientKey, text, file, ct);
            }

            if (winner is null)
            {
                throw;
            }

            return await ReplayAsync(conversation, winner, body, ct);
        }

        // Committed: from here on the sender going away (a dropped connection cancels ct) must not stop
        // the message from reaching the other side.
        var after = CancellationToken.None;
        var view = (await ToViewsAsync(conversation, [message], after))[0];
        var replyView = reply is null ? null : (await ToViewsAsync(conversation, [reply], after))[0];
        await fanout.PublishAsync(conversation, await reach.StaffParticipants(conversation).ToListAsync(after), view, replyView);

        return new(view, false, null);
    }

    /// <summary>The newest page, or the page before a cursor; oldest first within the page.</summary>
    public async Task<MessagePage> PageAsync(Conversation conversation, long? before, int limit, CancellationToken ct)
    {
        limit = Math.Clamp(limit, 1, 100);
        var query = db.Messages.AsNoTracking().Where(m => m.ConversationId == conversation.Id);
        if (before is { } cursor)
        {
            query = query.Where(m => m.Id < cursor);
        }

        var rows = await query.OrderByDescending(m => m.Id).Take(limit + 1).ToListAsync(ct);
        var hasOlder = rows.Count > limit;
        rows = rows.Take(limit).Reverse().ToList();
        var views = await ToViewsAsync(conversation, rows, ct);
        await RecordStaffReadAsync(conversation, "conversation.read", ct);
        return new MessagePage(views, hasOlder ? rows[0].Id : null, await MarkersAsync(conversation, ct));
    }

    /// <summary>Staff search within one conversation. Bodies are encrypted, so this decrypts and matches in memory.</summary>
    public async Task<List<MessageView>> SearchAsync(Conversation conversation, string query, CancellationToken ct)
    {
        var rows = await db.Messages.AsNoTracking().Where(m => m.ConversationId == conversation.Id).OrderBy(m => m.Id).ToListAsync(ct);
        var views = await ToViewsAsync(conversation, rows, ct);
        await RecordStaffReadAsync(conversation, "conversation.search", ct);
        return views.Where(v => v.Text.Contains(query, StringComparison.CurrentCultureIgnoreCase)).ToList();
    }

    /// <summary>
    /// Staff reading a citizen's conversation is a read of personal data, and goes in the audit trail (ids
    /// only). Paging through history is written once per <see cref="RecentReads.Window"/>.
    /// </summary>
    internal async Task RecordStaffReadAsync(Conversation conversation, string action, CancellationToken ct, Guid? attachmentId = null)
    {
        if (!me.IsStaff)
        {
            return;
        }

        var paging = action == "conversation.read";
        if (paging && !recentReads.ShouldRecord(me.Id, conversation.Id))
        {
            return;
        }

        audit.Record(action, conversation.TenantId, attachmentId is null ? "Conversation" : "Attachment", attachmentId ?? conversation.Id, $"citizen={conversation.CitizenId}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch when (paging)
        {
            recentReads.Forget(me.Id, conversation.Id);
            throw;
        }
    }

    /// <summary>Moves the current person's delivered/read marker forward (never back) and tells the other side.</summary>
    public async Task MarkAsync(Conversation conversation, long upTo, bool read, CancellationToken ct)
    {
        var newest = await db.Messages.Where(m => m.ConversationId == conversation.Id).MaxAsync(m => (long?)m.Id, ct) ?? 0;
        upTo = Math.Min(upTo, newest);
        var marker = await db.ReadMarkers.SingleOrDefaultAsync(r => r.ConversationId == conversation.Id && r.ReaderId == me.Id, ct);
        if (marker is null)
        {
            marker = new ReadMarker { ConversationId = conversation.Id, ReaderId = me.Id };
            db.ReadMarkers.Add(marker);
        }

        var changed = false;
        if (upTo > marker.DeliveredUpTo)
        {
            marker.DeliveredUpTo = upTo;
            changed = true;
        }

        if (read && upTo > marker.ReadUpTo)
        {
            marker.ReadUpTo = upTo;
            changed = true;
        }

        if (!changed)
        {
            return;
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two tabs of the same person marked at once; the other one's marker stands.
            db.ChangeTracker.Clear();
            return;
        }

        var markers = await MarkersAsync(conversation, ct);
        await hub.Clients.Groups(MessageFanout.GroupsOf(conversation, await reach.StaffParticipants(conversation).ToListAsync(ct))).MarkersMoved(conversation.Id, markers);
    }

    /// <summary>Marks every conversation of an inbox as delivered up to its newest message, as the inbox shows them.</summary>
    public async Task MarkInboxDeliveredAsync(IEnumerable<InboxEntry> inbox, CancellationToken ct)
    {
        foreach (var entry in inbox.Where(e => e.Unread > 0))
        {
            var conversation = await db.Conversations.AsNoTracking().SingleAsync(c => c.Id == entry.ConversationId, ct);
            var newest = await db.Messages.Where(m => m.ConversationId == entry.ConversationId).MaxAsync(m => (long?)m.Id, ct) ?? 0;
            await MarkAsync(conversation, newest, read: false, ct);
        }
    }

    public async Task<Markers> MarkersAsync(Conversation conversation, CancellationToken ct)
    {
        var rows = await db.ReadMarkers.AsNoTracking().Where(r => r.ConversationId == conversation.Id).ToListAsync(ct);
        var citizen = rows.Where(r => r.ReaderId == conversation.CitizenId).ToList();
        var staff = rows.Where(r => r.ReaderId != conversation.CitizenId).ToList();
        return new Markers(
            citizen.Select(r => r.DeliveredUpTo).DefaultIfEmpty().Max(),
            citizen.Select(r => r.ReadUpTo).DefaultIfEmpty().Max(),
            staff.Select(r => r.DeliveredUpTo).DefaultIfEmpty().Max(),
            staff.Select(r => r.ReadUpTo).DefaultIfEmpty().Max());
    }

    private async Task<SendResult> ReplayAsync(Conversation conversation, Message existing, string body, CancellationToken ct)
    {
        var view = (await ToViewsAsync(conversation, [existing], ct))[0];

        // A resend carries the same text; the same key with other text is a client bug or a forgery.
        // A purged message cannot be compared any more; its key was used once, so the resend is that message.
        return view.Text == body || view.Journal == Journaling.JournalState.Purged ? new(view, true, null) : new(null, false, "Chat.KeyReused");
    }

    private async Task<List<MessageView>> ToViewsAsync(Conversation conversation, List<Message> rows, CancellationToken ct)
    {
        var senderIds = rows.Select(m => m.SenderId).Distinct().ToList();
        var names = await db.StaffAccounts.IgnoreQueryFilters().Where(a => senderIds.Contains(a.Id)).Select(a => new { a.Id, a.DisplayName })
            .Concat(db.Citizens.IgnoreQueryFilters().Where(c => senderIds.Contains(c.Id)).Select(c => new { c.Id, c.DisplayName }))
            .ToDictionaryAsync(x => x.Id, x => x.DisplayName, ct);
        var messageIds = rows.Select(m => m.Id).ToList();
        var files = await db.Attachments.AsNoTracking().Where(a => messageIds.Contains(a.MessageId))
            .Select(a => new { a.Id, a.MessageId, a.KeyId, a.Name, a.ContentType, a.Size, HasPreview = a.Preview != null }).ToListAsync(ct);
        var journal = await Journaling.JournalStates.OfAsync(db, messageIds, ct);
        var views = new List<MessageView>(rows.Count);
        foreach (var m in rows)
        {
            // An empty body is a tombstone: the text was journaled and then purged from Samtale.
            var purged = m.Body.Length == 0;
            var text = purged ? "" : Encoding.UTF8.GetString(await cipher.OpenAsync(new Sealed(m.KeyId, m.Body), Aad(conversation.Id, m.SenderId, m.ClientKey), ct));
            var attachments = new List<AttachmentView>();
            foreach (var f in files.Where(f => f.MessageId == m.Id && !purged))
            {
                var name = Encoding.UTF8.GetString(await cipher.OpenAsync(new Sealed(f.KeyId, f.Name), AttachmentAad(f.Id, "name"), ct));
                attachments.Add(new AttachmentView(f.Id, name, f.ContentType, f.Size, f.HasPreview));
            }

            views.Add(new MessageView(m.Id, conversation.Id, m.SenderKind.ToString(), m.SenderId, names.GetValueOrDefault(m.SenderId, ""), m.SentAt, text, m.ClientKey, m.IsAutoReply, attachments,
                purged ? Journaling.JournalState.Purged : journal.GetValueOrDefault(m.Id, Journaling.JournalState.Waiting)));
        }

        return views;
    }

    /// <summary>Null when the message may be sent; otherwise why not. Markup is kept as typed: it is shown as text.</summary>
    private static SendResult? Refusal(string? clientKey, string? text, bool hasFile, out string body)
    {
        body = (text ?? "").Replace("\0", "", StringComparison.Ordinal).Trim();
        if (clientKey is not { Length: > 0 and <= 64 } || !clientKey.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return new(null, false, "Chat.BadClientKey");
        }

        if (body.Length == 0 && !hasFile)
        {
            return new(null, false, "Chat.Empty");
        }

        return body.Length > MaxLength ? new(null, false, "Chat.TooLong") : null;
    }

    private Message NewMessage(Conversation conversation, string clientKey, Sealed sealedBody) => new()
    {
        TenantId = conversation.TenantId,
        ConversationId = conversation.Id,
        SenderKind = me.IsCitizen ? SenderKind.Citizen : SenderKind.Staff,
        SenderId = me.Id,
        SentAt = clock.GetUtcNow().UtcDateTime,
        ClientKey = clientKey,
        KeyId = sealedBody.KeyId,
        Body = sealedBody.Blob,
    };

    /// <summary>The associated data that binds an attachment's parts (content, name, preview) to that attachment.</summary>
    internal static byte[] AttachmentAad(Guid attachmentId, string part) => Encoding.UTF8.GetBytes($"{attachmentId:N}|{part}");

    private async Task<Attachment> SealAttachmentAsync(Conversation conversation, long messageId, PreparedAttachment file, CancellationToken ct)
    {
        var id = Guid.CreateVersion7();
        var content = await cipher.SealAsync(conversation.TenantId, file.Bytes, AttachmentAad(id, "content"), ct);
        var name = await cipher.SealAsync(conversation.TenantId, Encoding.UTF8.GetBytes(file.Name), AttachmentAad(id, "name"), ct);
        var preview = file.Preview is null ? (Sealed?)null : await cipher.SealAsync(conversation.TenantId, file.Preview, AttachmentAad(id, "preview"), ct);
        return new Attachment
        {
            Id = id,
            TenantId = conversation.TenantId,
            ConversationId = conversation.Id,
            MessageId = messageId,
            ContentType = file.Kind.ContentType,
            Size = file.Bytes.Length,
            KeyId = content.KeyId,
            Content = content.Blob,
            Name = name.Blob,
            Preview = preview?.Blob,
            Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(file.Bytes)),
        };
    }

    /// <summary>The associated data that binds a body to its conversation, sender and client key.</summary>
    internal static byte[] Aad(Guid conversationId, Guid senderId, string clientKey) =>
        Encoding.UTF8.GetBytes($"{conversationId:N}|{senderId:N}|{clientKey}");
}
