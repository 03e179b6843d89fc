using Microsoft.EntityFrameworkCore;
using Samtale.Tests.Infrastructure;
using Samtale.Web.Data;

namespace Samtale.Tests.Data;

public sealed class MigrationTests
{
    [Fact]
    public void SqliteMigrations_MatchTheModel()
    {
        using var db = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=:memory:").Options);

        Assert.False(db.Database.HasPendingModelChanges(), "Run scripts/add-migration.sh: the SQLite migrations lag behind the model.");
    }

    [Fact]
    public void PostgresMigrations_MatchTheModel()
    {
        using var db = new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql("Host=localhost;Database=unused").Options);

        Assert.False(db.Database.HasPendingModelChanges(), "Run scripts/add-migration.sh: the PostgreSQL migrations lag behind the model.");
    }

    [Fact]
    public void BothProviders_HaveTheSameMigrations()
    {
        using var sqlite = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=:memory:").Options);
        using var postgres = new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql("Host=localhost;Database=unused").Options);

        Assert.Equal(Names(sqlite), Names(postgres));
    }

    [Fact]
    public async Task ProductStart_AppliesEveryMigration()
    {
        await using var app = await ProductApp.StartAsync();

        var (applied, pending, all) = await app.DbAsync(async db =>
            ((await db.Database.GetAppliedMigrationsAsync()).Count(), (await db.Database.GetPendingMigrationsAsync()).Count(), db.Database.GetMigrations().Count()));

        Assert.Equal(0, pending);
        Assert.Equal(all, applied);
        Assert.NotEqual(0, all);
    }

    private static List<string> Names(DbContext db) => db.Database.GetMigrations().Select(m => m[(m.IndexOf('_', StringComparison.Ordinal) + 1)..]).ToList();
}
