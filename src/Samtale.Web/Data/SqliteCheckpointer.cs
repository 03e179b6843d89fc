using Microsoft.EntityFrameworkCore;

namespace Samtale.Web.Data;

/// <summary>
/// Folds SQLite's write-ahead log back into the database file once a second, on a connection of its own.
/// SQLite would otherwise do it inside whichever commit first finds the log over 1,000 pages: under a
/// journal drain that is usually a live chat message, whose sender then waits while megabytes are copied
/// and synced. A passive checkpoint takes no lock a writer needs, so commits go on while it runs.
/// </summary>
/// <remarks>
/// After a journal purge the log must also be emptied (<see cref="EmptyLogAsync"/>): it can still hold page
/// images of the purged rows. The truncating checkpoint that does it runs only once a passive one has
/// copied everything, so it has little left to do, and it does not wait for readers (it would hold new
/// writers back meanwhile): if the database is busy, the next round tries again until it succeeds.
/// </remarks>
public sealed partial class SqliteCheckpointer(IServiceScopeFactory scopes, TimeProvider clock, ILogger<SqliteCheckpointer> log) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(1);

    /// <summary>1 while a purge waits for the log to be emptied.</summary>
    private int _emptyOwed;

    /// <summary>Asks for the log to be emptied and tries at once.</summary>
    public Task EmptyLogAsync(CancellationToken ct)
    {
        Volatile.Write(ref _emptyOwed, 1);
        return CheckpointAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // One delay at a time rather than a periodic timer: a periodic timer on a clock moved a month ahead
        // (tests do) would tick once for every period in the month.
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(Every, clock, stoppingToken);
                try
                {
                    await CheckpointAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogFailed(e.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task CheckpointAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.OpenConnectionAsync(ct);
        await using var command = db.Database.GetDbConnection().CreateCommand();

        // Columns: busy, frames in the log, frames copied into the file.
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        await using (var passive = await command.ExecuteReaderAsync(ct))
        {
            if (!await passive.ReadAsync(ct) || passive.GetInt64(1) != passive.GetInt64(2) || Interlocked.Exchange(ref _emptyOwed, 0) == 0)
            {
                return;
            }
        }

        var emptied = false;
        try
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA busy_timeout = 0", ct);
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            await using var result = await command.ExecuteReaderAsync(ct);
            emptied = await result.ReadAsync(ct) && result.GetInt32(0) == 0;
        }
        finally
        {
            if (!emptied)
            {
                Volatile.Write(ref _emptyOwed, 1);
            }

            await db.Database.ExecuteSqlRawAsync(SqliteConnectionSetup.BusyTimeout, CancellationToken.None);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SQLite checkpoint failed: {Error}")]
    private partial void LogFailed(string error);
}
