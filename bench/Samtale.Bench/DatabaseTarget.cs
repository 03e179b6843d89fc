using Microsoft.Data.Sqlite;
using Npgsql;

namespace Samtale.Bench;

/// <summary>
/// A fresh, empty database for one benchmark run, removed afterwards: a SQLite file in a temporary folder,
/// or a new database on the PostgreSQL server the command line names. The product migrates it at start.
/// </summary>
internal sealed class DatabaseTarget : IAsyncDisposable
{
    private readonly string? _folder;
    private readonly string? _server;
    private readonly string? _name;

    private DatabaseTarget(string provider, string connectionString, string label, string? folder = null, string? server = null, string? name = null)
    {
        Provider = provider;
        ConnectionString = connectionString;
        Label = label;
        _folder = folder;
        _server = server;
        _name = name;
    }

    public string Provider { get; }

    public string ConnectionString { get; }

    /// <summary>For result tables: "sqlite", "sqlite-wal" or "postgres".</summary>
    public string Label { get; }

    /// <summary>
    /// A SQLite file as the product would create it (rollback journal, the library's defaults). With
    /// <paramref name="wal"/>, the file is switched to write-ahead logging before the product first opens
    /// it; the journal mode is stored in the file, so this changes no product code or setting.
    /// </summary>
    public static DatabaseTarget Sqlite(bool wal)
    {
        var folder = Directory.CreateTempSubdirectory("samtale-bench-").FullName;
        var path = Path.Combine(folder, "samtale.db");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path }.ToString();
        if (wal)
        {
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode = WAL;";
            command.ExecuteNonQuery();
        }

        return new DatabaseTarget("Sqlite", connectionString, wal ? "sqlite-wal" : "sqlite", folder: folder);
    }

    public static async Task<DatabaseTarget> PostgresAsync(string server)
    {
        var name = $"samtale_bench_{Guid.NewGuid():N}";
        await ExecuteAsync(server, $"CREATE DATABASE \"{name}\"");
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();
        return new DatabaseTarget("Postgres", connectionString, "postgres", server: server, name: name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_folder is not null)
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }

        if (_server is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(_server, $"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)");
        }
    }

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
