using Microsoft.EntityFrameworkCore;

namespace Samtale.Web.Data;

/// <summary>
/// Folds SQLite's write-ahead log back into the database file once a second, on a connection of its own.
/// SQLite would otherwise do it inside whichever commit first finds the log over 1,000 pages: under a
/// journal drain that is usually a live chat message, whose sender then waits while megabytes are copied
/// and synced. A passive checkpoint takes no lock a writer needs, so commits go on while it runs.
/// </summary>
internal sealed partial class SqliteCheckpointer(IServiceScopeFactory scopes, TimeProvider clock, ILogger<SqliteCheckpointer> log) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(1);

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
                    await using var scope = scopes.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                    await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(PASSIVE)", stoppingToken);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "SQLite checkpoint failed: {Error}")]
    private partial void LogFailed(string error);
}
