using Microsoft.Data.Sqlite;

namespace Samtale.Tests.Infrastructure;

/// <summary>
/// A named shared-cache in-memory SQLite database. It lives as long as one connection to it is open, so
/// this class holds one open for the life of the app; every DbContext of the app opens its own.
/// </summary>
public sealed class SqliteTestDatabase : TestDatabase
{
    private readonly SqliteConnection _keepAlive;

    private SqliteTestDatabase(string connectionString)
    {
        ConnectionString = connectionString;
        _keepAlive = new SqliteConnection(connectionString);
        _keepAlive.Open();
    }

    public override string Provider => "Sqlite";

    public override string ConnectionString { get; }

    public static SqliteTestDatabase Create() =>
        new(new SqliteConnectionStringBuilder
        {
            DataSource = $"samtale-{Guid.NewGuid():N}",
            Mode = SqliteOpenMode.Memory,
            Cache = SqliteCacheMode.Shared,
        }.ToString());

    public override ValueTask DisposeAsync() => _keepAlive.DisposeAsync();
}
