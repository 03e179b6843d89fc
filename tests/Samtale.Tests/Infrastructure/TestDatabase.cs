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

    public abstract ValueTask DisposeAsync();
}
