namespace Samtale.Tests.Infrastructure;

/// <summary>
/// A database that belongs to one <see cref="ProductApp"/> and disappears with it. SQLite in memory by
/// default; PostgreSQL when SAMTALE_TEST_POSTGRES holds a server connection string.
/// </summary>
public abstract class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "SAMTALE_TEST_POSTGRES";

    /// <summary>The server the PostgreSQL leg runs against, or null for SQLite.</summary>
    public static string? PostgresServer { get; } = Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } cs ? cs : null;

    /// <summary>The value for Database:Provider.</summary>
    public abstract string Provider { get; }

    /// <summary>The value for Database:ConnectionString.</summary>
    public abstract string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync() =>
        PostgresServer is { } server ? await PostgresTestDatabase.CreateAsync(server) : SqliteTestDatabase.Create();

    /// <summary>A database of the current provider that does not exist and cannot be created on the fly.</summary>
    public static TestDatabase Unreachable() => PostgresServer is { } server
        ? new NotOwnedDatabase("Postgres", new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = $"samtale_missing_{Guid.NewGuid():N}" }.ToString())
        : new NotOwnedDatabase("Sqlite", $"Data Source={Path.Combine(Path.GetTempPath(), $"samtale-missing-{Guid.NewGuid():N}.db")};Mode=ReadOnly");

    /// <summary>A database someone else owns and drops, for an app that only borrows it.</summary>
    public static TestDatabase Borrowed(string provider, string connectionString) => new NotOwnedDatabase(provider, connectionString);

    public abstract ValueTask DisposeAsync();

    private sealed class NotOwnedDatabase(string provider, string connectionString) : TestDatabase
    {
        public override string Provider => provider;

        public override string ConnectionString => connectionString;

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
