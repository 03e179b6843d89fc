using Microsoft.EntityFrameworkCore;
using Microsoft.Data.Sqlite;
using Samtale.Tests.Infrastructure;
using Samtale.Tests.Messaging;

namespace Samtale.Tests.Data;

/// <summary>
/// The embedded default keeps its data in one SQLite file. It runs in write-ahead-log mode, so people
/// reading history do not hold up messages being committed, and every commit is synced to disk before
/// it is acknowledged.
/// </summary>
public sealed class SqliteFileTests
{
    [Fact]
    public async Task ProductsDatabaseFile_IsInWriteAheadLogMode_WithFullSync_AndMessagesReachTheDisk()
    {
        await using var database = DurableTestDatabase.CreateSqlite();
        await using (var app = await ProductApp.StartOnAsync(database))
        {
            var w = await AnnaAndLiva.CreateAsync(app);
            await Chat.PostAsync(w.LivasPhone, w.ConversationId, "Gemt på disken");
        }

        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode;"));

        // 2 = FULL: in WAL mode the log is synced at every commit.
        Assert.Equal(2L, await ScalarAsync(connection, "PRAGMA synchronous;"));
        Assert.Equal(1L, await ScalarAsync(connection, "SELECT COUNT(*) FROM Messages;"));
    }

    /// <summary>
    /// A commit that finds the write lock taken (the journal dispatcher purging, say) waits inside SQLite
    /// and goes on when the lock frees, rather than in the driver's own retry, which sleeps 150 ms a time;
    /// and no commit copies the write-ahead log into the file on its sender's time (a background
    /// checkpoint does, see the next test).
    /// </summary>
    [Fact]
    public async Task ProductsConnections_WaitForTheWriteLockInsideSqlite_AndLeaveCheckpointsToTheBackground()
    {
        await using var database = DurableTestDatabase.CreateSqlite();
        await using var app = await ProductApp.StartOnAsync(database);
        var (timeout, autoCheckpoint) = await app.DbAsync(async db =>
        {
            await db.Database.OpenConnectionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA busy_timeout;";
            var timeout = await command.ExecuteScalarAsync();
            command.CommandText = "PRAGMA wal_autocheckpoint;";
            return (timeout, await command.ExecuteScalarAsync());
        });

        Assert.Equal(10_000L, timeout);
        Assert.Equal(0L, autoCheckpoint);
    }

    [Fact]
    public async Task WriteAheadLog_IsFoldedIntoTheFile_InTheBackground()
    {
        await using var database = DurableTestDatabase.CreateSqlite();
        await using var app = await ProductApp.StartOnAsync(database);
        var w = await AnnaAndLiva.CreateAsync(app);
        await Chat.PostAsync(w.LivasPhone, w.ConversationId, "Gemt i loggen, så i filen");
        var file = new FileInfo(new SqliteConnectionStringBuilder(database.ConnectionString).DataSource);
        var before = file.Length;

        // Commits no longer copy the log into the file themselves; a second later the checkpointer has.
        for (var i = 0; i < 100 && new FileInfo(file.FullName).Length == before; i++)
        {
            app.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.True(new FileInfo(file.FullName).Length > before, "the database file did not take in the write-ahead log");
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
