using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Audit;
using Samtale.Web.Features.Citizens;
using Samtale.Web.Features.Links;
using Samtale.Web.Features.Tenancy;

namespace Samtale.Web.Data;

/// <summary>
/// The one model of Samtale. Two thin subclasses own the SQLite and PostgreSQL migration sets.
/// </summary>
public abstract class AppDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    private Guid? _tenantScope;

    public DbSet<Municipality> Municipalities => Set<Municipality>();

    public DbSet<Team> Teams => Set<Team>();

    public DbSet<TeamMember> TeamMembers => Set<TeamMember>();

    public DbSet<StaffAccount> StaffAccounts => Set<StaffAccount>();

    public DbSet<UserSession> Sessions => Set<UserSession>();

    public DbSet<Citizen> Citizens => Set<Citizen>();

    public DbSet<EnrolmentCode> EnrolmentCodes => Set<EnrolmentCode>();

    public DbSet<CitizenDevice> CitizenDevices => Set<CitizenDevice>();

    public DbSet<CitizenLink> CitizenLinks => Set<CitizenLink>();

    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    public DbSet<AuditChainHead> AuditChainHeads => Set<AuditChainHead>();

    public DbSet<Features.Encryption.TenantDataKey> TenantDataKeys => Set<Features.Encryption.TenantDataKey>();

    public DbSet<Features.Messaging.Conversation> Conversations => Set<Features.Messaging.Conversation>();

    public DbSet<Features.Messaging.Message> Messages => Set<Features.Messaging.Message>();

    public DbSet<Features.Messaging.ReadMarker> ReadMarkers => Set<Features.Messaging.ReadMarker>();

    public DbSet<Features.Attachments.Attachment> Attachments => Set<Features.Attachments.Attachment>();

    public DbSet<Features.Notifications.NotificationSettings> NotificationSettings => Set<Features.Notifications.NotificationSettings>();

    public DbSet<Features.Notifications.WebPushSubscription> WebPushSubscriptions => Set<Features.Notifications.WebPushSubscription>();

    public DbSet<Features.Notifications.InstallationSecret> InstallationSecrets => Set<Features.Notifications.InstallationSecret>();

    public DbSet<Features.Messaging.AbsenceNotice> AbsenceNotices => Set<Features.Messaging.AbsenceNotice>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>The municipality the current request acts in, or null outside any (sign-in, installation administration).</summary>
    public Guid? TenantScope => _tenantScope;

    /// <summary>
    /// Restricts every query on tenant-owned rows to one municipality. Called once per request from the
    /// signed-in user's tenant; there is deliberately no way to widen the scope again on the same context.
    /// </summary>
    public void ScopeToTenant(Guid tenantId)
    {
        if (_tenantScope is { } current && current != tenantId)
        {
            throw new InvalidOperationException("The context is already scoped to another municipality.");
        }

        _tenantScope = tenantId;
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    /// <summary>
    /// Saves the unit of work. Audit rows added to it are chained and committed in the same transaction
    /// as the change they describe, so an administrative act never lands without its audit row.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var audit = ChangeTracker.Entries<AuditEvent>().ToList();
        if (audit.Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            throw new InvalidOperationException("The audit trail is append-only.");
        }

        var added = audit.Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        if (added.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        return await AuditChain.SealAndSaveAsync(this, added, () => base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken), cancellationToken);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);

        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            if (typeof(ITenantOwned).IsAssignableFrom(entity.ClrType))
            {
                var method = typeof(AppDbContext).GetMethod(nameof(ApplyTenantFilter), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
                    .MakeGenericMethod(entity.ClrType);
                method.Invoke(this, [modelBuilder]);
            }
        }

        // Installation-wide accounts (no municipality) are invisible inside a municipality's scope.
        modelBuilder.Entity<StaffAccount>().HasQueryFilter(a => _tenantScope == null || a.TenantId == _tenantScope);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite hands DateTimes back without a kind; every time in Samtale is UTC, so say so on the way out.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    private void ApplyTenantFilter<T>(ModelBuilder modelBuilder)
        where T : class, ITenantOwned =>
        modelBuilder.Entity<T>().HasQueryFilter(e => _tenantScope == null || e.TenantId == _tenantScope);
}

public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options);

public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options);
