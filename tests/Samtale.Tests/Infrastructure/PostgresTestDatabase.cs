using Npgsql;

namespace Samtale.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL database of its own for one app, copied from a template database that the product
/// migrated once for the whole run: a copy takes a fraction of the time a migration does.
/// </summary>
public sealed class PostgresTestDatabase : TestDatabase
{
    private const string Template = "samtale_template";

    private static readonly SemaphoreSlim TemplateGate = new(1, 1);
    private static bool _templateReady;

    private readonly string _server;
    private readonly string _name;

    private PostgresTestDatabase(string server, string name, string connectionString)
    {
        _server = server;
        _name = name;
        ConnectionString = connectionString;
    }

    public override string Provider => "Postgres";

    public override string ConnectionString { get; }

    public static async Task<PostgresTestDatabase> CreateAsync(string server)
    {
        await EnsureTemplateAsync(server);
        var name = $"samtale_{Guid.NewGuid():N}";
        await CreateFromTemplateAsync(server, name);
        return new PostgresTestDatabase(server, name, WithDatabase(server, name));
    }

    public override async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString));
        await ExecuteAsync(_server, $"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)");
    }

    /// <summary>
    /// Creates the template and lets the product's own start-up migrate it, so the migrations are what
    /// is tested. Pooling is off for it: CREATE DATABASE ... TEMPLATE refuses while anyone is connected.
    /// </summary>
    private static async Task EnsureTemplateAsync(string server)
    {
        await TemplateGate.WaitAsync();
        try
        {
            if (_templateReady)
            {
                return;
            }

            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {Template} WITH (FORCE)");
            await ExecuteAsync(server, $"CREATE DATABASE {Template}");
            var template = new NpgsqlConnectionStringBuilder(WithDatabase(server, Template)) { Pooling = false }.ToString();
            await using (var app = new ProductApp(new ExistingDatabase("Postgres", template)))
            {
                await app.StartAsync();
            }

            _templateReady = true;
        }
        finally
        {
            TemplateGate.Release();
        }
    }

    private static async Task CreateFromTemplateAsync(string server, string name)
    {
        // A just-stopped template app may still be closing its last connection; PostgreSQL then answers
        // "being accessed by other users" for a moment.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ExecuteAsync(server, $"CREATE DATABASE \"{name}\" TEMPLATE {Template}");
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 50)
            {
                await Task.Delay(100);
            }
        }
    }

    private static string WithDatabase(string server, string database) =>
        new NpgsqlConnectionStringBuilder(server) { Database = database }.ToString();

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A database someone else owns: nothing to drop.</summary>
    private sealed class ExistingDatabase(string provider, string connectionString) : TestDatabase
    {
        public override string Provider => provider;

        public override string ConnectionString => connectionString;

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
