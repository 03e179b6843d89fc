using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Samtale.Web.Data;
using Samtale.Web.Features.Encryption;
using Samtale.Web.Features.Messaging;
using Samtale.Web.Features.Visits;

namespace Samtale.Web.Features.Journaling;

public sealed record JournalRun(int Grouped, int Confirmed, int AwaitingReceipt, int Retried, int Parked, int Purged);

/// <summary>
/// Moves the outbox into the case system: groups waiting jobs into units, takes a lease on each unit it
/// works on (an atomic conditional UPDATE, so two app nodes never deliver the same unit at once), hands it
/// to the municipality's sink, and records the outcome. Journal first, then delete: purging looks only at
/// units a sink has confirmed.
/// </summary>
public sealed partial class JournalDispatcher(
    IServiceScopeFactory scopes,
    TimeProvider clock,
    IOptions<JournalOptions> options,
    IEnumerable<IJournalSink> sinks,
    JournalMonitor monitor,
    LowPriorityLane lane,
    WriteGate gate,
    ILogger<JournalDispatcher> log,
    Data.SqliteCheckpointer? checkpointer = null) : BackgroundService
{
    /// <summary>A unit stays a document a person can read; a larger backlog of one day becomes several units.</summary>
    internal const int MaxMessagesPerUnit = 2000;

    /// <summary>Rows per write transaction when the dispatcher changes many at once (hashes, purge): short enough that a message commit waiting behind one hardly notices.</summary>
    internal const int WriteChunk = 100;

    private readonly Guid _node = Guid.NewGuid();
    private readonly SemaphoreSlim _running = new(1, 1);

    /// <summary>Test seam for "the process died after the sink took the unit but before Samtale wrote that down".</summary>
    internal Func<Guid, Task>? BeforeMark { get; set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunInBackground)
        {
            return;
        }

        var passes = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.PollInterval, clock, stoppingToken);
                await RunOnceAsync(stoppingToken);

                // The gauges and the alert line in the log follow the backlog about every half minute.
                if (passes++ % Math.Max(1, (int)(TimeSpan.FromSeconds(30) / options.Value.PollInterval)) == 0)
                {
                    var backlog = await monitor.MeasureAsync(stoppingToken);
                    if (backlog.OverdueMessages > 0 || backlog.ParkedUnits > 0)
                    {
                        LogAlert(backlog.OverdueMessages, backlog.ParkedUnits);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogRunFailed(e.GetType().Name);
            }
        }
    }

    /// <summary>One pass: group, deliver what is due, collect receipts, purge what is confirmed and due.</summary>
    /// <remarks>The pass runs on the <see cref="LowPriorityLane"/>, so a draining backlog yields the CPU to the live chat.</remarks>
    public Task<JournalRun> RunOnceAsync(CancellationToken ct = default) => lane.RunAsync(() => PassAsync(ct));

    private async Task<JournalRun> PassAsync(CancellationToken ct)
    {
        await _running.WaitAsync(ct);
        try
        {
            var grouped = await GroupAsync(ct);
            var outcomes = new List<SinkResult>();
            foreach (var unitId in await ClaimAsync(ct))
            {
                outcomes.Add(await DeliverAsync(unitId, ct));
            }

            var receipts = await CollectReceiptsAsync(ct);
            var purged = await PurgeAsync(ct);
            if (purged > 0 && checkpointer is not null)
            {
                // The write-ahead log can still hold page images of the purged rows; they leave the disk too.
                await checkpointer.EmptyLogAsync(ct);
            }
            return new JournalRun(
                grouped,
                outcomes.Count(o => o == SinkResult.Confirmed) + receipts,
                outcomes.Count(o => o == SinkResult.AwaitingReceipt),
                outcomes.Count(o => o == SinkResult.Retry),
                outcomes.Count(o => o == SinkResult.Park),
                purged);
        }
        finally
        {
            _running.Release();
        }
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<int> GroupAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var settings = await db.Set<JournalSettings>().IgnoreQueryFilters().AsNoTracking()
            .Where(s => s.Sink != JournalSinkKind.None).ToDictionaryAsync(s => s.TenantId, ct);
        if (settings.Count == 0)
        {
            return 0;
        }

        var tenants = settings.Keys.ToList();
        var cutoff = Now - options.Value.GatherDelay;
        var waiting = db.Set<JournalJob>().IgnoreQueryFilters().AsNoTracking()
            .Where(j => j.UnitId == null && j.CreatedAt <= cutoff && tenants.Contains(j.TenantId) && j.CallRecordId == null);

        // Conversation by conversation, everything waiting (up to a cap): after an outage a conversation's
        // backlog becomes one unit per day, not one small unit per pass.
        var conversations = await waiting.Select(j => j.ConversationId).Distinct().Take(options.Value.BatchSize).ToListAsync(ct);
        var jobs = new List<(Guid Id, Guid ConversationId, DateTime CreatedAt)>();
        foreach (var conversationId in conversations)
        {
            jobs.AddRange((await waiting.Where(j => j.ConversationId == conversationId).OrderBy(j => j.CreatedAt).Take(MaxMessagesPerUnit)
                .Select(j => new { j.Id, j.CreatedAt }).ToListAsync(ct)).Select(j => (j.Id, conversationId, j.CreatedAt)));
        }

        var grouped = 0;
        foreach (var group in jobs.GroupBy(j => (j.ConversationId, j.CreatedAt.Date)))
        {
            var conversation = await db.Conversations.IgnoreQueryFilters().AsNoTracking().SingleAsync(c => c.Id == group.Key.ConversationId, ct);
            var caseReference = await db.CitizenLinks.IgnoreQueryFilters().AsNoTracking()
                .Where(l => l.CitizenId == conversation.CitizenId && (l.StaffAccountId == conversation.CounterpartId || l.TeamId == conversation.CounterpartId))
                .OrderByDescending(l => l.CreatedAt).Select(l => l.CaseReference).FirstOrDefaultAsync(ct);
            var unit = new JournalUnit
            {
                TenantId = conversation.TenantId,
                ConversationId = conversation.Id,
                CitizenId = conversation.CitizenId,
                CaseReference = caseReference ?? "",
                Day = DateTime.SpecifyKind(group.Key.Date, DateTimeKind.Utc),
                CreatedAt = Now,
                Sink = settings[conversation.TenantId].Sink,
                NextAttemptAt = Now,
            };
            if (await FormAsync(db, unit, group.Select(j => j.Id).ToList(), ct))
            {
                grouped++;
            }
        }

        return grouped + await GroupCallsAsync(db, settings, cutoff, ct);
    }

    /// <summary>
    /// One call record job = one unit: a screen visit is one document for the case, and a later note is a
    /// further document (its own unit and idempotency key), never a change to one already sent.
    /// </summary>
    private async Task<int> GroupCallsAsync(AppDbContext db, Dictionary<Guid, JournalSettings> settings, DateTime cutoff, CancellationToken ct)
    {
        var tenants = settings.Keys.ToList();
        var jobs = await db.Set<JournalJob>().IgnoreQueryFilters().AsNoTracking()
            .Where(j => j.UnitId == null && j.CallRecordId != null && j.CreatedAt <= cutoff && tenants.Contains(j.TenantId))
            .OrderBy(j => j.CreatedAt).Take(options.Value.BatchSize).Select(j => new { j.Id, CallRecordId = j.CallRecordId!.Value }).ToListAsync(ct);
        var grouped = 0;
        foreach (var job in jobs)
        {
            var call = await db.Set<CallRecord>().IgnoreQueryFilters().AsNoTracking().SingleAsync(c => c.Id == job.CallRecordId, ct);

            // The staff member's own link to the citizen first, then the newest link of the municipality.
            var caseReference = await db.CitizenLinks.IgnoreQueryFilters().AsNoTracking()
                .Where(l => l.CitizenId == call.CitizenId && l.TenantId == call.TenantId)
                .OrderByDescending(l => l.StaffAccountId == call.StaffAccountId).ThenByDescending(l => l.CreatedAt)
                .Select(l => l.CaseReference).FirstOrDefaultAsync(ct);
            var unit = new JournalUnit
            {
                TenantId = call.TenantId,
                CallRecordId = call.Id,
                CitizenId = call.CitizenId,
                CaseReference = caseReference ?? "",
                Day = DateTime.SpecifyKind(call.StartedAt.Date, DateTimeKind.Utc),
                CreatedAt = Now,
                Sink = settings[call.TenantId].Sink,
                NextAttemptAt = Now,
            };
            if (await FormAsync(db, unit, [job.Id], ct))
            {
                grouped++;
            }
        }

        return grouped;
    }

    private Task<bool> FormAsync(AppDbContext db, JournalUnit unit, List<Guid> ids, CancellationToken ct) =>
        WriteAsync(() => FormInTurnAsync(db, unit, ids, ct), ct);

    private static async Task<bool> FormInTurnAsync(AppDbContext db, JournalUnit unit, List<Guid> ids, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(unit);
        await db.SaveChangesAsync(ct);
        var taken = await db.Set<JournalJob>().IgnoreQueryFilters().Where(j => ids.Contains(j.Id) && j.UnitId == null)
            .ExecuteUpdateAsync(u => u.SetProperty(j => j.UnitId, unit.Id), ct);
        db.ChangeTracker.Clear();
        if (taken != ids.Count)
        {
            // Another node grouped some of these first; its units stand, this one never existed.
            await tx.RollbackAsync(ct);
            return false;
        }

        await tx.CommitAsync(ct);
        return true;
    }

    private async Task<List<Guid>> ClaimAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = Now;
        var candidates = await db.Set<JournalUnit>().IgnoreQueryFilters().AsNoTracking()
            .Where(u => u.State == JournalUnitState.Pending && u.NextAttemptAt <= now && (u.LeaseUntil == null || u.LeaseUntil < now))
            .OrderBy(u => u.NextAttemptAt).Take(options.Value.BatchSize).Select(u => u.Id).ToListAsync(ct);
        var claimed = new List<Guid>();
        var until = now + options.Value.Lease;
        foreach (var id in candidates)
        {
            // The WHERE repeats the lease test: of two nodes racing for a unit, exactly one updates a row.
            var won = await WriteAsync(
                () => db.Set<JournalUnit>().IgnoreQueryFilters()
                .Where(u => u.Id == id && u.State == JournalUnitState.Pending && (u.LeaseUntil == null || u.LeaseUntil < now))
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.LeaseOwner, _node).SetProperty(x => x.LeaseUntil, until), ct),
                ct);
            if (won == 1)
            {
                claimed.Add(id);
            }
        }

        return claimed;
    }

    private async Task<SinkResult> DeliverAsync(Guid unitId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var unit = await db.Set<JournalUnit>().IgnoreQueryFilters().AsNoTracking().SingleAsync(u => u.Id == unitId, ct);
        var settings = await db.Set<JournalSettings>().IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(s => s.TenantId == unit.TenantId, ct);
        var sink = sinks.SingleOrDefault(s => s.Kind == unit.Sink);
        SinkOutcome outcome;
        JournalDocument? doc = null;
        byte[]? pdf = null;
        if (settings is null || sink is null)
        {
            outcome = SinkOutcome.Retry("sink not configured");
        }
        else
        {
            doc = await JournalContent.LoadAsync(db, scope.ServiceProvider.GetRequiredService<ContentCipher>(), unit, settings.MetadataProfile, ct);
            pdf = JournalPdf.Render(doc);
            try
            {
                outcome = await sink.DeliverAsync(doc, pdf, settings, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                outcome = SinkOutcome.Retry($"{unit.Sink}: {e.GetType().Name}");
            }
        }

        if (BeforeMark is { } hook)
        {
            await hook(unitId);
        }

        await MarkAsync(db, unit, outcome, doc, pdf, ct);
        LogOutcome(unitId, unit.Sink.ToString(), outcome.Result.ToString(), outcome.Reason ?? "");
        return outcome.Result == SinkResult.Retry && unit.Attempts + 1 >= options.Value.MaxAttempts ? SinkResult.Park : outcome.Result;
    }

    private async Task MarkAsync(AppDbContext db, JournalUnit unit, SinkOutcome outcome, JournalDocument? doc, byte[]? pdf, CancellationToken ct)
    {
        var now = Now;
        var attempts = unit.Attempts + 1;
        var mine = db.Set<JournalUnit>().IgnoreQueryFilters().Where(u => u.Id == unit.Id && u.LeaseOwner == _node && u.State == JournalUnitState.Pending);
        if (outcome.Result is SinkResult.Confirmed or SinkResult.AwaitingReceipt)
        {
            await SaveHashesAsync(db, unit.Id, doc!, ct);
        }

        await WriteAsync(() => MarkInTurnAsync(db, unit, mine, outcome, pdf, attempts, now, ct), ct);
    }

    private async Task<bool> MarkInTurnAsync(AppDbContext db, JournalUnit unit, IQueryable<JournalUnit> mine, SinkOutcome outcome, byte[]? pdf, int attempts, DateTime now, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        int changed;
        switch (outcome.Result)
        {
            case SinkResult.Confirmed:
            case SinkResult.AwaitingReceipt:
                var settingsDays = await db.Set<JournalSettings>().IgnoreQueryFilters().Where(s => s.TenantId == unit.TenantId).Select(s => s.PurgeAfterDays).SingleOrDefaultAsync(ct);
                var confirmed = outcome.Result == SinkResult.Confirmed;
                changed = await mine.ExecuteUpdateAsync(
                    u => u
                    .SetProperty(x => x.State, confirmed ? JournalUnitState.Confirmed : JournalUnitState.Delivered)
                    .SetProperty(x => x.Attempts, attempts)
                    .SetProperty(x => x.DeliveredAt, now)
                    .SetProperty(x => x.ConfirmedAt, confirmed ? now : null)
                    .SetProperty(x => x.ReceiptId, outcome.ReceiptId)
                    .SetProperty(x => x.PurgeAt, confirmed ? now.AddDays(settingsDays) : null)
                    .SetProperty(x => x.PdfSha256, JournalDocument.Sha256Hex(pdf!))
                    .SetProperty(x => x.LastError, (string?)null)
                    .SetProperty(x => x.LeaseOwner, (Guid?)null)
                    .SetProperty(x => x.LeaseUntil, (DateTime?)null),
                    ct);
                break;
            case SinkResult.Retry when attempts < options.Value.MaxAttempts:
                changed = await mine.ExecuteUpdateAsync(
                    u => u
                    .SetProperty(x => x.Attempts, attempts)
                    .SetProperty(x => x.NextAttemptAt, now + options.Value.RetryAfter(attempts))
                    .SetProperty(x => x.LastError, Reason(outcome))
                    .SetProperty(x => x.LeaseOwner, (Guid?)null)
                    .SetProperty(x => x.LeaseUntil, (DateTime?)null),
                    ct);
                break;
            default:
                changed = await mine.ExecuteUpdateAsync(
                    u => u
                    .SetProperty(x => x.State, JournalUnitState.Parked)
                    .SetProperty(x => x.Attempts, attempts)
                    .SetProperty(x => x.LastError, Reason(outcome))
                    .SetProperty(x => x.LeaseOwner, (Guid?)null)
                    .SetProperty(x => x.LeaseUntil, (DateTime?)null),
                    ct);
                break;
        }

        if (changed == 1)
        {
            await tx.CommitAsync(ct);
            return true;
        }

        // The lease ran out while the sink worked and another node took the unit; it redelivers under
        // the same idempotency key, and its outcome is the one recorded.
        await tx.RollbackAsync(ct);
        return false;
    }

    /// <summary>
    /// Writes the hash of each delivered message onto its job (the tombstone keeps it after the purge), in
    /// small transactions of their own before the unit is marked: on SQLite a write holds the one write lock,
    /// and a unit's 2,000 updates in one go would hold up the live chat's commits for tens of milliseconds.
    /// The hashes are of the content as it left, so writing them again after a crash changes nothing.
    /// </summary>
    private async Task SaveHashesAsync(AppDbContext db, Guid unitId, JournalDocument doc, CancellationToken ct)
    {
        var hashes = doc.Messages.ToDictionary(m => m.Id, m => m.TextSha256);
        var jobs = await db.Set<JournalJob>().IgnoreQueryFilters().Where(j => j.UnitId == unitId && j.ContentSha256 == null).ToListAsync(ct);
        foreach (var chunk in jobs.Chunk(WriteChunk))
        {
            foreach (var job in chunk)
            {
                job.ContentSha256 = job.MessageId is { } id ? hashes.GetValueOrDefault(id) : doc.Call?.NoteSha256;
            }

            await WriteAsync(() => db.SaveChangesAsync(ct), ct);
        }

        db.ChangeTracker.Clear();
    }

    private static string Reason(SinkOutcome outcome)
    {
        var reason = outcome.Reason ?? outcome.Result.ToString();
        return reason.Length <= 300 ? reason : reason[..300];
    }

    private async Task<int> CollectReceiptsAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var waiting = await db.Set<JournalUnit>().IgnoreQueryFilters().AsNoTracking()
            .Where(u => u.State == JournalUnitState.Delivered).OrderBy(u => u.DeliveredAt).Take(options.Value.BatchSize * 5).ToListAsync(ct);
        var confirmed = 0;
        foreach (var unit in waiting)
        {
            var settings = await db.Set<JournalSettings>().IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(s => s.TenantId == unit.TenantId, ct);
            if (settings is null || sinks.SingleOrDefault(s => s.Kind == unit.Sink) is not { } sink || await sink.ReceiptAsync(unit.Id, settings, ct) is not { } receipt)
            {
                continue;
            }

            var now = Now;
            confirmed += await WriteAsync(
                () => db.Set<JournalUnit>().IgnoreQueryFilters().Where(u => u.Id == unit.Id && u.State == JournalUnitState.Delivered)
                .ExecuteUpdateAsync(
                    u => u
                    .SetProperty(x => x.State, JournalUnitState.Confirmed)
                    .SetProperty(x => x.ConfirmedAt, now)
                    .SetProperty(x => x.ReceiptId, receipt)
                    .SetProperty(x => x.PurgeAt, now.AddDays(settings.PurgeAfterDays)),
                    ct),
                ct);
        }

        return confirmed;
    }

    /// <summary>
    /// Removes the text and the file bytes of confirmed units whose grace period is over. The rows stay as
    /// tombstones: ids, times, the hashes and the receipt. Only a Confirmed unit is ever purged.
    /// </summary>
    private async Task<int> PurgeAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = Now;
        var due = await db.Set<JournalUnit>().IgnoreQueryFilters().AsNoTracking()
            .Where(u => u.State == JournalUnitState.Confirmed && u.PurgeAt <= now)
            .OrderBy(u => u.PurgeAt).Take(options.Value.BatchSize).Select(u => u.Id).ToListAsync(ct);
        if (due.Count == 0)
        {
            return 0;
        }

        if (db.Database.IsSqlite())
        {
            // Freed space is zeroed, so the old ciphertext does not linger in free pages of the file.
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA secure_delete = ON", ct);
        }

        var purged = 0;
        foreach (var unitId in due)
        {
            // The content leaves in small transactions, so the live chat's commits never wait long behind a
            // large unit; a crash part-way leaves the unit Confirmed, and the next pass empties the rest.
            var messageIds = await db.Set<JournalJob>().IgnoreQueryFilters().Where(j => j.UnitId == unitId && j.MessageId != null)
                .Select(j => j.MessageId!.Value).ToListAsync(ct);
            foreach (var chunk in messageIds.Chunk(WriteChunk))
            {
                await WriteAsync(() => EmptyMessagesAsync(db, chunk, ct), ct);
            }

            purged += await WriteAsync(() => EndUnitAsync(db, unitId, now, ct), ct);
        }

        LogPurged(purged);
        return purged;
    }

    private static async Task<bool> EmptyMessagesAsync(AppDbContext db, long[] messageIds, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Messages.IgnoreQueryFilters().Where(m => messageIds.Contains(m.Id))
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.Body, Array.Empty<byte>()), ct);
        await db.Attachments.IgnoreQueryFilters().Where(a => messageIds.Contains(a.MessageId))
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.Content, Array.Empty<byte>()).SetProperty(a => a.Name, Array.Empty<byte>()).SetProperty(a => a.Preview, (byte[]?)null), ct);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>The unit's call note leaves and the unit becomes a tombstone, in one transaction.</summary>
    private static async Task<int> EndUnitAsync(AppDbContext db, Guid unitId, DateTime now, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);

        // A call record's note leaves with its unit: the job's copy always, the call record's own note
        // only while it is still the revision this unit journaled (a newer note waits for its own unit).
        // The call's times, parties and end reason stay as the call log's tombstone.
        var noteJobs = db.Set<JournalJob>().IgnoreQueryFilters().Where(j => j.UnitId == unitId && j.CallRecordId != null);
        await db.Set<CallRecord>().IgnoreQueryFilters().Where(c => noteJobs.Any(j => j.CallRecordId == c.Id && j.NoteRevision == c.NoteRevision))
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.NoteBlob, (byte[]?)null).SetProperty(c => c.NoteKeyId, (Guid?)null), ct);
        await noteJobs.ExecuteUpdateAsync(u => u.SetProperty(j => j.NoteBlob, (byte[]?)null).SetProperty(j => j.NoteKeyId, (Guid?)null), ct);
        var ended = await db.Set<JournalUnit>().IgnoreQueryFilters().Where(u => u.Id == unitId && u.State == JournalUnitState.Confirmed)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.State, JournalUnitState.Purged).SetProperty(x => x.PurgedAt, now), ct);
        await tx.CommitAsync(ct);
        return ended;
    }

    /// <summary>
    /// One of the dispatcher's writes: in turn with the live chat's commits (<see cref="WriteGate"/>), and
    /// on a thread-pool thread rather than the low-priority lane, so that while it holds the turn the
    /// operating system does not hold it back behind the very requests that are waiting for it.
    /// </summary>
    private async Task<T> WriteAsync<T>(Func<Task<T>> write, CancellationToken ct)
    {
        using var turn = await gate.EnterAsync(ct);
        return await Task.Run(write, ct);
    }

    public override void Dispose()
    {
        _running.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Journal dispatcher pass failed: {Error}")]
    private partial void LogRunFailed(string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Journal unit {UnitId} to {Sink}: {Result} {Reason}")]
    private partial void LogOutcome(Guid unitId, string sink, string result, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Journal alert: {Overdue} message(s) unconfirmed past the threshold, {Parked} unit(s) parked")]
    private partial void LogAlert(int overdue, int parked);

    [LoggerMessage(Level = LogLevel.Information, Message = "Journal purge removed the content of {Count} unit(s)")]
    private partial void LogPurged(int count);
}

/// <summary>Reads a unit's messages and files and decrypts them into the document that leaves Samtale.</summary>
internal static class JournalContent
{
    public static async Task<JournalDocument> LoadAsync(AppDbContext db, ContentCipher cipher, JournalUnit unit, string profile, CancellationToken ct)
    {
        if (unit.CallRecordId is { } callId)
        {
            return await LoadCallAsync(db, cipher, unit, callId, profile, ct);
        }

        var messageIds = await db.Set<JournalJob>().IgnoreQueryFilters().Where(j => j.UnitId == unit.Id && j.MessageId != null).Select(j => j.MessageId!.Value).ToListAsync(ct);
        var messages = await db.Messages.IgnoreQueryFilters().AsNoTracking().Where(m => messageIds.Contains(m.Id)).OrderBy(m => m.Id).ToListAsync(ct);
        var files = await db.Attachments.IgnoreQueryFilters().AsNoTracking().Where(a => messageIds.Contains(a.MessageId)).OrderBy(a => a.Id).ToListAsync(ct);
        var people = messages.Select(m => m.SenderId).Append(unit.CitizenId).Distinct().ToList();
        var names = await db.StaffAccounts.IgnoreQueryFilters().Where(a => people.Contains(a.Id)).Select(a => new { a.Id, a.DisplayName })
            .Concat(db.Citizens.IgnoreQueryFilters().Where(c => people.Contains(c.Id)).Select(c => new { c.Id, c.DisplayName }))
            .ToDictionaryAsync(x => x.Id, x => x.DisplayName, ct);

        var journalMessages = new List<JournalMessage>();
        foreach (var m in messages)
        {
            var text = Encoding.UTF8.GetString(await cipher.OpenAsync(new Sealed(m.KeyId, m.Body), MessageDelivery.Aad(m.ConversationId, m.SenderId, m.ClientKey), ct));
            var attachments = new List<JournalAttachment>();
            foreach (var f in files.Where(f => f.MessageId == m.Id))
            {
                var name = Encoding.UTF8.GetString(await cipher.OpenAsync(new Sealed(f.KeyId, f.Name), MessageDelivery.AttachmentAad(f.Id, "name"), ct));
                var bytes = await cipher.OpenAsync(new Sealed(f.KeyId, f.Content), MessageDelivery.AttachmentAad(f.Id, "content"), ct);
                attachments.Add(new JournalAttachment(f.Id, name, f.ContentType, bytes, f.Sha256));
            }

            var fromCitizen = m.SenderKind == SenderKind.Citizen;
            journalMessages.Add(new JournalMessage(
                m.Id, m.SentAt, fromCitizen ? "borger" : "medarbejder", m.SenderId, names.GetValueOrDefault(m.SenderId, ""),
                fromCitizen ? "Indgående" : "Udgående", text, JournalDocument.Sha256Hex(Encoding.UTF8.GetBytes(text)), attachments));
        }

        var parties = new List<JournalParty> { new("borger", unit.CitizenId, names.GetValueOrDefault(unit.CitizenId, "")) };
        parties.AddRange(messages.Where(m => m.SenderKind == SenderKind.Staff).Select(m => m.SenderId).Distinct()
            .Select(id => new JournalParty("medarbejder", id, names.GetValueOrDefault(id, ""))));
        var direction = journalMessages.Any(m => m.Direction == "Indgående") ? "Indgående" : "Udgående";
        var title = $"Beskeder fra Samtale {unit.Day:yyyy-MM-dd}";
        return new JournalDocument(unit.Id, unit.TenantId, unit.CaseReference, title, unit.Day, direction, profile, parties, journalMessages);
    }

    /// <summary>A call record as a document: times, parties, end reason and the note of the job's revision; never media.</summary>
    private static async Task<JournalDocument> LoadCallAsync(AppDbContext db, ContentCipher cipher, JournalUnit unit, Guid callId, string profile, CancellationToken ct)
    {
        var job = await db.Set<JournalJob>().IgnoreQueryFilters().AsNoTracking().SingleAsync(j => j.UnitId == unit.Id, ct);
        var call = await db.Set<CallRecord>().IgnoreQueryFilters().AsNoTracking().SingleAsync(c => c.Id == callId, ct);
        var staffName = await db.StaffAccounts.IgnoreQueryFilters().Where(a => a.Id == call.StaffAccountId).Select(a => a.DisplayName).SingleOrDefaultAsync(ct);
        var citizenName = await db.Citizens.IgnoreQueryFilters().Where(c => c.Id == call.CitizenId).Select(c => c.DisplayName).SingleOrDefaultAsync(ct);
        var note = job is { NoteKeyId: { } key, NoteBlob: { } blob }
            ? Encoding.UTF8.GetString(await cipher.OpenAsync(new Sealed(key, blob), call.Id.ToByteArray(), ct))
            : null;
        var direction = call.Direction == CallDirection.CitizenToStaff ? "Indgående" : "Udgående";
        var journalCall = new JournalCall(
            call.Id, call.Planned, call.Direction == CallDirection.CitizenToStaff ? "borger" : "medarbejder", call.StartedAt, call.AnsweredAt, call.EndedAt,
            call.DurationSeconds, call.EndReason?.ToString() ?? "", job.NoteRevision, note, note is null ? null : JournalDocument.Sha256Hex(Encoding.UTF8.GetBytes(note)));
        JournalParty[] parties = [new("borger", call.CitizenId, citizenName ?? ""), new("medarbejder", call.StaffAccountId, staffName ?? "")];
        var title = $"Skærmbesøg {call.StartedAt:yyyy-MM-dd}";
        return new JournalDocument(unit.Id, unit.TenantId, unit.CaseReference, title, unit.Day, direction, profile, parties, []) { Call = journalCall };
    }
}
