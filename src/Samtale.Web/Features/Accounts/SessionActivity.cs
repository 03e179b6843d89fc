using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Samtale.Web.Data;

namespace Samtale.Web.Features.Accounts;

/// <summary>
/// When each session was last used, written down a few seconds later in one transaction for all of
/// them, instead of one write per session from inside the request or live connection that used it.
/// Hundreds of open chats each touching their session once a minute were hundreds of little write
/// transactions; on SQLite each one queued for the single write lock while a person waited for their
/// message, and under a journal drain some waited seconds. The idle limit is 30 days and counted in
/// minutes, so a few seconds' delay (or, after a crash, a lost touch) changes nothing for anyone.
/// </summary>
public sealed partial class SessionActivity(IServiceScopeFactory scopes, WriteGate gate, TimeProvider clock, ILogger<SessionActivity> log) : BackgroundService
{
    private static readonly TimeSpan FlushEvery = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<Guid, DateTime> _seen = new();

    /// <summary>Notes that a session was used at <paramref name="at"/>.</summary>
    public void Saw(Guid sessionId, DateTime at) =>
        _seen.AddOrUpdate(sessionId, at, (_, earlier) => at > earlier ? at : earlier);

    /// <summary>
    /// The time noted here but not yet written, if any. Ask before reading the stored time: a flush
    /// forgets a time only after committing it, so whichever of the two a reader sees first, it cannot
    /// miss both.
    /// </summary>
    public DateTime? Noted(Guid sessionId) => _seen.TryGetValue(sessionId, out var noted) ? noted : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // One delay at a time rather than a periodic timer: a periodic timer on a clock moved a month ahead
        // (tests do) would tick once for every period in the month.
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(FlushEvery, clock, stoppingToken);
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(CancellationToken.None);
    }

    /// <summary>Writes what was noted; a time noted again meanwhile stays for the next flush.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        if (_seen.IsEmpty)
        {
            return;
        }

        var batch = _seen.ToArray();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            using var turn = await gate.EnterAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            foreach (var (id, at) in batch)
            {
                await db.Sessions.IgnoreQueryFilters().Where(s => s.Id == id && s.LastSeenAt < at)
                    .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastSeenAt, at), ct);
            }

            await tx.CommitAsync(ct);
            foreach (var entry in batch)
            {
                _seen.TryRemove(entry);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Kept in memory and tried again at the next flush.
            LogFlushFailed(batch.Length, e.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write the last use of {Count} session(s): {Error}")]
    private partial void LogFlushFailed(int count, string error);
}
