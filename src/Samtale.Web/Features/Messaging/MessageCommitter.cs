using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Samtale.Web.Data;

namespace Samtale.Web.Features.Messaging;

/// <summary>A text message sealed by its sender's call and waiting for its commit.</summary>
/// <param name="Text">The plain text, kept only in memory to show the committed message to its readers.</param>
/// <param name="StaffParticipants">Who hears the conversation on the staff side, as the sender's access check found them.</param>
public sealed record PendingMessage(Conversation Conversation, IReadOnlyList<Guid> StaffParticipants, Message Row, string Text, string SenderName);

/// <summary>Committed (with the view everyone was sent), or refused by the unique client key: a resend, or the key reused.</summary>
public sealed record CommitOutcome(MessageView? Committed)
{
    public bool IsDuplicate => Committed is null;
}

/// <summary>
/// Group commit for text messages. Every sender's call seals its message and queues it here; one writer
/// takes whatever has queued up meanwhile and commits it in a single transaction, so under load many
/// messages share one durable commit (one fsync, one write lock) while a lone message still commits at
/// once — nothing waits for a batch to fill. Each sender is answered only after the transaction that holds
/// its message has committed, so the acknowledgement still means "stored". A unique-key clash (a resend of
/// a stored message) fails the whole transaction; the batch is then committed one message at a time, and
/// the clashing message is handed back to its sender as a duplicate to replay.
/// </summary>
public sealed class MessageCommitter(
    IServiceScopeFactory scopes,
    MessageFanout fanout,
    WriteGate gate,
    ILogger<MessageCommitter> log) : BackgroundService
{
    /// <summary>Large enough that a burst from every open conversation fits one transaction, small enough to keep one commit short.</summary>
    public const int MaxBatch = 256;

    private readonly Channel<Work> _queue = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Completes once the message is committed (or found to be a duplicate); never cancelled by the sender going away.</summary>
    public Task<CommitOutcome> CommitAsync(PendingMessage message)
    {
        var work = new Work(message, new TaskCompletionSource<CommitOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(work))
        {
            throw new HubException("unavailable");
        }

        return work.Done.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Work>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var work))
                {
                    batch.Add(work);
                }

                await CommitBatchAsync(batch);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is still queued was never acknowledged; its senders resend after the restart.
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out var work))
            {
                work.Done.TrySetException(new HubException("unavailable"));
            }
        }
    }

    private async Task CommitBatchAsync(List<Work> batch)
    {
        // Once started, a commit runs to its end: a half-written batch helps nobody.
        var ct = CancellationToken.None;
        var committed = new List<(Work Work, AutoReplyDue? Reply)>(batch.Count);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var autoReply = scope.ServiceProvider.GetRequiredService<AutoReply>();
            var replies = await autoReply.DueForAsync(
                batch.Where(w => w.Message.Row.SenderKind == SenderKind.Citizen).Select(w => w.Message.Conversation), ct);

            // One auto-reply per conversation, on the first citizen message of the batch that asked for it.
            var withReply = batch.Select(w => (Work: w, Reply: w.Message.Row.SenderKind == SenderKind.Citizen && replies.Remove(w.Message.Conversation.Id, out var r) ? r : null)).ToList();
            try
            {
                await SaveAsync(db, withReply, ct);
                committed.AddRange(withReply);
            }
            catch (DbUpdateException)
            {
                foreach (var item in withReply)
                {
                    if (await SaveAloneAsync(db, item, ct) is { } saved)
                    {
                        committed.Add(saved);
                    }
                    else
                    {
                        item.Work.Done.TrySetResult(new CommitOutcome(null));
                    }
                }
            }
        }
        catch (Exception e)
        {
            // Not stored: the senders get an error instead of an acknowledgement, and resend.
            log.LogError(e, "A batch of {Count} message(s) could not be committed", batch.Count);
            foreach (var work in batch)
            {
                work.Done.TrySetException(new HubException("unavailable"));
            }

            return;
        }

        foreach (var (work, reply) in committed)
        {
            var view = await PublishAsync(work.Message, reply);
            work.Done.TrySetResult(new CommitOutcome(view));
        }
    }

    private async Task SaveAsync(AppDbContext db, IReadOnlyCollection<(Work Work, AutoReplyDue? Reply)> items, CancellationToken ct)
    {
        // The conversations' latest activity goes in the same statement batch as the rows: one round trip
        // and one commit on PostgreSQL. A conversation deleted meanwhile fails the update, and so the batch.
        foreach (var latest in items.GroupBy(i => i.Work.Message.Row.ConversationId, i => i.Work.Message.Row.SentAt))
        {
            var conversation = new Conversation { Id = latest.Key };
            db.Conversations.Attach(conversation);
            conversation.LastActivityAt = latest.Max();
        }

        // Each message's journal job commits with it, so nothing stored can miss the case system.
        foreach (var (work, reply) in items)
        {
            db.Messages.Add(work.Message.Row);
            Journaling.JournalOutbox.Enqueue(db, work.Message.Row);
            if (reply is not null)
            {
                db.Messages.Add(reply.Message);
                Journaling.JournalOutbox.Enqueue(db, reply.Message);
            }
        }

        try
        {
            using var turn = await gate.EnterAsync(ct);
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            // Saved or not, the next transaction on this context starts from nothing tracked.
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>One message in a transaction of its own; null when its client key is already taken.</summary>
    private async Task<(Work Work, AutoReplyDue? Reply)?> SaveAloneAsync(AppDbContext db, (Work Work, AutoReplyDue? Reply) item, CancellationToken ct)
    {
        try
        {
            await SaveAsync(db, [item], ct);
            return item;
        }
        catch (DbUpdateException) when (item.Reply is not null)
        {
            // Perhaps only the auto-reply clashed: another message of the conversation got the notice in first.
            return await SaveAloneAsync(db, (item.Work, null), ct);
        }
        catch (DbUpdateException)
        {
            return null;
        }
    }

    private async Task<MessageView> PublishAsync(PendingMessage message, AutoReplyDue? reply)
    {
        var row = message.Row;
        var view = new MessageView(row.Id, row.ConversationId, row.SenderKind.ToString(), row.SenderId, message.SenderName, row.SentAt, message.Text, row.ClientKey, false, []);
        var r = reply?.Message;
        var replyView = r is null ? null : new MessageView(r.Id, r.ConversationId, r.SenderKind.ToString(), r.SenderId, reply!.SenderName, r.SentAt, reply.Text, r.ClientKey, true, []);
        try
        {
            await fanout.PublishAsync(message.Conversation, message.StaffParticipants, view, replyView);
        }
        catch (Exception e)
        {
            // Stored is stored: a reader who missed the push finds the message in the history.
            log.LogWarning(e, "A committed message could not be pushed to its readers");
        }

        return view;
    }

    private sealed record Work(PendingMessage Message, TaskCompletionSource<CommitOutcome> Done);
}
