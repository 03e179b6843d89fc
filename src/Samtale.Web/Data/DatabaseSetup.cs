using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Samtale.Web.Data;

public static class DatabaseSetup
{
    private static readonly SqliteConnectionSetup SqliteSetup = new();

    /// <summary>Registers <see cref="AppDbContext"/> on the configured provider.</summary>
    public static WebApplicationBuilder AddDatabase(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();

        if (options.Provider == "Postgres")
        {
            builder.Services.AddDbContext<AppDbContext, PostgresAppDbContext>(o => o.UseNpgsql(WithPreparedStatements(options.ConnectionString)));
            builder.Services.AddSingleton(new WriteGate(exclusive: false));
        }
        else
        {
            var connectionString = ResolveSqlitePath(options.ConnectionString, builder.Environment.ContentRootPath);
            builder.Services.AddDbContext<AppDbContext, SqliteAppDbContext>(o => o.UseSqlite(connectionString).AddInterceptors(SqliteSetup));
            builder.Services.AddSingleton<SqliteCheckpointer>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<SqliteCheckpointer>());
            builder.Services.AddSingleton(new WriteGate(exclusive: true));
        }

        builder.Services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database", tags: ["ready"]);
        return builder;
    }

    /// <summary>Applies migrations at start, so a self-hosting municipality upgrades by restarting.</summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DatabaseOptions>>().Value.MigrateOnStartup)
        {
            return;
        }

        await UseWriteAheadLogAsync(app);

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var log = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Samtale.Database");
        var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
        log.LogInformation("Applying {Count} database migration(s) on {Provider}", pending.Count, db.Database.ProviderName);
        await db.Database.MigrateAsync();
        log.LogInformation("Database schema is up to date");
    }

    /// <summary>
    /// Puts a SQLite file in write-ahead-log mode (the mode is stored in the file, so once is enough). With
    /// the rollback journal every reader blocks the writer: twenty people scrolling history kept messages
    /// from committing. In WAL mode readers and the one writer do not wait for each other, and with
    /// SQLite's default synchronous=FULL each commit is still on disk before it is acknowledged.
    /// </summary>
    private static async Task UseWriteAheadLogAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (!db.Database.IsSqlite() || db.Database.GetDbConnection() is not SqliteConnection { DataSource: { Length: > 0 } file } || file == ":memory:" || file.StartsWith("file:", StringComparison.Ordinal))
        {
            return;
        }

        await db.Database.OpenConnectionAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;");
    }

    /// <summary>
    /// The same few statements run for every message and page; prepared once per connection, PostgreSQL
    /// skips parsing and planning them again. An operator's own setting in the connection string wins.
    /// </summary>
    private static string WithPreparedStatements(string connectionString)
    {
        var csb = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (csb.MaxAutoPrepare == 0 && !connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            csb.MaxAutoPrepare = 50;
        }

        return csb.ToString();
    }

    private static string ResolveSqlitePath(string connectionString, string contentRoot)
    {
        var csb = new SqliteConnectionStringBuilder(connectionString);
        if (csb.DataSource is { Length: > 0 } source && source != ":memory:" && !source.StartsWith("file:", StringComparison.Ordinal) && csb.Mode != SqliteOpenMode.Memory)
        {
            var path = Path.IsPathRooted(source) ? source : Path.Combine(contentRoot, source);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            csb.DataSource = path;
        }

        return csb.ToString();
    }
}
