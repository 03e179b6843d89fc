using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Samtale.Tests.Infrastructure;

/// <summary>
/// A database that outlives the apps and server processes started on it, for questions about what lies on
/// disk and what survives a restart or a crash: a SQLite file in a folder of its own, or, on the PostgreSQL
/// leg, a PostgreSQL database copied from the migrated template. An in-memory database could answer
/// neither question.
/// </summary>
public sealed class DurableTestDatabase : IAsyncDisposable
{
    private const string PgDump = "/usr/lib/postgresql/15/bin/pg_dump";

    private readonly PostgresTestDatabase? _postgres;
    private readonly string? _folder;

    private DurableTestDatabase(PostgresTestDatabase postgres)
    {
        _postgres = postgres;
        Provider = postgres.Provider;
        ConnectionString = postgres.ConnectionString;
    }

    private DurableTestDatabase(string folder)
    {
        _folder = folder;
        SqliteFile = Path.Combine(folder, "samtale.db");
        Provider = "Sqlite";
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = SqliteFile }.ToString();
    }

    public string Provider { get; }

    public string ConnectionString { get; }

    /// <summary>The database file on the SQLite leg; null on PostgreSQL.</summary>
    public string? SqliteFile { get; }

    public static async Task<DurableTestDatabase> CreateAsync()
    {
        if (TestDatabase.PostgresServer is { } server)
        {
            return new DurableTestDatabase(await PostgresTestDatabase.CreateAsync(server));
        }

        return CreateSqlite();
    }

    /// <summary>A SQLite file whichever leg runs: for what only the embedded default has (its file, its journal mode).</summary>
    public static DurableTestDatabase CreateSqlite()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"samtale-db-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return new DurableTestDatabase(folder);
    }

    /// <summary>
    /// Everything the database holds, as bytes an attacker with the disk or a backup would see: the SQLite
    /// file with its write-ahead log, or a plain pg_dump of the PostgreSQL database (bytea comes out as hex).
    /// </summary>
    public async Task<byte[]> RawBytesAsync()
    {
        if (SqliteFile is not null)
        {
            using var all = new MemoryStream();
            foreach (var file in Directory.GetFiles(_folder!))
            {
                // Another connection may hold the file open; share it as SQLite itself does.
                await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                await stream.CopyToAsync(all);
            }

            return all.ToArray();
        }

        var cs = new NpgsqlConnectionStringBuilder(ConnectionString);
        var start = new ProcessStartInfo(File.Exists(PgDump) ? PgDump : "pg_dump")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--host", cs.Host!, "--port", cs.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--username", cs.Username!, "--no-password", "--dbname", cs.Database! })
        {
            start.ArgumentList.Add(arg);
        }

        if (cs.Password is { Length: > 0 } password)
        {
            start.Environment["PGPASSWORD"] = password;
        }

        using var dump = Process.Start(start)!;
        using var output = new MemoryStream();
        var error = dump.StandardError.ReadToEndAsync();
        await dump.StandardOutput.BaseStream.CopyToAsync(output);
        await dump.WaitForExitAsync();
        Assert.True(dump.ExitCode == 0, $"pg_dump failed: {await error}");
        return output.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
            return;
        }

        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder!, recursive: true);
        }
        catch (IOException)
        {
            // A server process that was just killed may still be letting go of the file; the folder is in /tmp.
        }
    }
}
