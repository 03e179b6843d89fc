using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Samtale.Web.Data;

/// <summary>
/// Sets up each SQLite connection as it opens. A writer that finds the write lock taken waits inside
/// SQLite for it to free, instead of in Microsoft.Data.Sqlite's own retry, which sleeps 150 ms between
/// tries: a message commit that met the journal dispatcher's short write took at least 150 ms that way,
/// and now goes on within a millisecond or two of the lock's release. The settings are per connection, so
/// they are made each time one is opened (a pooled connection keeps them; making them again costs
/// microseconds).
/// </summary>
internal sealed class SqliteConnectionSetup : DbConnectionInterceptor
{
    /// <summary>10 s: longer than any write transaction of the product; a commit still waiting after it fails and is resent.</summary>
    internal const string BusyTimeout = "PRAGMA busy_timeout = 10000;";

    /// <summary>
    /// Commits leave the write-ahead log to <see cref="SqliteCheckpointer"/>, instead of the commit that
    /// happens to cross 1,000 pages copying them into the file before its sender hears back.
    /// </summary>
    private const string OnOpen = BusyTimeout + " PRAGMA wal_autocheckpoint = 0;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = OnOpen;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = OnOpen;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
