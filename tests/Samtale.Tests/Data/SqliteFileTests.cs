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

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
