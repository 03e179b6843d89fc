using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Audit;
using Samtale.Web.Features.Citizens;
using Samtale.Web.Features.Links;
using Samtale.Web.Features.Tenancy;

namespace Samtale.Web.Data;

internal sealed class MunicipalityConfiguration : IEntityTypeConfiguration<Municipality>
{
    public void Configure(EntityTypeBuilder<Municipality> b)
    {
        b.Property(m => m.Name).HasMaxLength(FieldLimits.Name);
        b.HasIndex(m => m.Name).IsUnique();
    }
}

internal sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> b)
    {
        b.Property(t => t.Name).HasMaxLength(FieldLimits.Name);
        b.HasIndex(t => new { t.TenantId, t.Name }).IsUnique();
        b.HasOne<Municipality>().WithMany().HasForeignKey(t => t.TenantId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(t => t.Members).WithOne().HasForeignKey(m => m.TeamId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TeamMemberConfiguration : IEntityTypeConfiguration<TeamMember>
{
    public void Configure(EntityTypeBuilder<TeamMember> b)
    {
        b.HasKey(m => new { m.TeamId, m.StaffAccountId });
        b.HasIndex(m => m.StaffAccountId);
    }
}

internal sealed class StaffAccountConfiguration : IEntityTypeConfiguration<StaffAccount>
{
    public void Configure(EntityTypeBuilder<StaffAccount> b)
    {
        b.Property(a => a.UserName).HasMaxLength(FieldLimits.UserName);
        b.HasIndex(a => a.UserName).IsUnique();
        b.Property(a => a.DisplayName).HasMaxLength(FieldLimits.Name);
        b.Property(a => a.PasswordHash).HasMaxLength(200);
        b.Property(a => a.ProtectedTotpKey).HasMaxLength(1000);
        b.HasIndex(a => a.TenantId);
        b.HasOne<Municipality>().WithMany().HasForeignKey(a => a.TenantId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(a => a.Teams).WithOne().HasForeignKey(m => m.StaffAccountId).OnDelete(DeleteBehavior.Cascade);
        b.Ignore(a => a.HasTotp);
    }
}

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> b)
    {
        b.Property(s => s.EndReason).HasMaxLength(40);
        b.HasIndex(s => new { s.PrincipalId, s.EndedAt });
        b.HasIndex(s => s.DeviceId);
    }
}

internal sealed class CitizenConfiguration : IEntityTypeConfiguration<Citizen>
{
    public void Configure(EntityTypeBuilder<Citizen> b)
    {
        b.Property(c => c.DisplayName).HasMaxLength(FieldLimits.Name);
        b.HasIndex(c => c.TenantId);
        b.HasOne<Municipality>().WithMany().HasForeignKey(c => c.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class EnrolmentCodeConfiguration : IEntityTypeConfiguration<EnrolmentCode>
{
    public void Configure(EntityTypeBuilder<EnrolmentCode> b)
    {
        b.Property(c => c.CodeHash).HasMaxLength(64);
        b.HasIndex(c => c.CodeHash).IsUnique();
        b.HasIndex(c => c.CitizenId);
        b.HasOne<Citizen>().WithMany().HasForeignKey(c => c.CitizenId).OnDelete(DeleteBehavior.Cascade);
        b.Property(c => c.RedeemedAt).IsConcurrencyToken();
        b.Property(c => c.WithdrawnAt).IsConcurrencyToken();
    }
}

internal sealed class CitizenDeviceConfiguration : IEntityTypeConfiguration<CitizenDevice>
{
    public void Configure(EntityTypeBuilder<CitizenDevice> b)
    {
        b.Property(d => d.Label).HasMaxLength(80);
        b.Property(d => d.SecretHash).HasMaxLength(64);
        b.Property(d => d.PinHash).HasMaxLength(200);
        b.HasIndex(d => d.CitizenId);
        b.HasOne<Citizen>().WithMany().HasForeignKey(d => d.CitizenId).OnDelete(DeleteBehavior.Cascade);
        b.Ignore(d => d.IsUsable);
    }
}

internal sealed class CitizenLinkConfiguration : IEntityTypeConfiguration<CitizenLink>
{
    public void Configure(EntityTypeBuilder<CitizenLink> b)
    {
        b.Property(l => l.CaseReference).HasMaxLength(FieldLimits.CaseReference);
        // NULLs are distinct in unique indexes on both engines, so one filtered index per kind of target
        // is what stops a double-click from creating two links (and "unlink" from leaving one behind).
        b.HasIndex(l => new { l.CitizenId, l.StaffAccountId }).IsUnique().HasFilter("\"StaffAccountId\" IS NOT NULL");
        b.HasIndex(l => new { l.CitizenId, l.TeamId }).IsUnique().HasFilter("\"TeamId\" IS NOT NULL");
        b.HasIndex(l => l.StaffAccountId);
        b.HasIndex(l => l.TeamId);
        b.HasOne<Citizen>().WithMany().HasForeignKey(l => l.CitizenId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<StaffAccount>().WithMany().HasForeignKey(l => l.StaffAccountId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Team>().WithMany().HasForeignKey(l => l.TeamId).OnDelete(DeleteBehavior.Cascade);
        b.ToTable(t => t.HasCheckConstraint("CK_CitizenLinks_OneTarget",
            "(\"StaffAccountId\" IS NULL) <> (\"TeamId\" IS NULL)"));
    }
}

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> b)
    {
        b.HasIndex(e => new { e.ChainId, e.Sequence }).IsUnique();
        b.HasIndex(e => new { e.ChainId, e.At });
        b.Property(e => e.Action).HasMaxLength(60);
        b.Property(e => e.Outcome).HasMaxLength(20);
        b.Property(e => e.ActorKind).HasMaxLength(20);
        b.Property(e => e.TargetType).HasMaxLength(40);
        b.Property(e => e.Detail).HasMaxLength(400);
        b.Property(e => e.PreviousHash).HasMaxLength(64);
        b.Property(e => e.Hash).HasMaxLength(64);
    }
}

internal sealed class AuditChainHeadConfiguration : IEntityTypeConfiguration<AuditChainHead>
{
    public void Configure(EntityTypeBuilder<AuditChainHead> b)
    {
        b.HasKey(h => h.ChainId);

        // The key is the municipality's id, or Guid.Empty for the installation chain; EF would otherwise
        // treat Guid.Empty as "unset" and replace it with a random id, forking that chain on every write.
        b.Property(h => h.ChainId).ValueGeneratedNever();
        b.Property(h => h.Hash).HasMaxLength(64);
    }
}

internal sealed class TenantDataKeyConfiguration : IEntityTypeConfiguration<Features.Encryption.TenantDataKey>
{
    public void Configure(EntityTypeBuilder<Features.Encryption.TenantDataKey> b)
    {
        b.Property(k => k.MasterKeyId).HasMaxLength(16);
        b.Property(k => k.WrappedKey).HasMaxLength(60);
        b.HasIndex(k => new { k.TenantId, k.RetiredAt });
        b.HasOne<Municipality>().WithMany().HasForeignKey(k => k.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ConversationConfiguration : IEntityTypeConfiguration<Features.Messaging.Conversation>
{
    public void Configure(EntityTypeBuilder<Features.Messaging.Conversation> b)
    {
        // One conversation per citizen and counterpart; the unique index settles two racing first opens.
        b.HasIndex(c => new { c.CitizenId, c.CounterpartId }).IsUnique();
        b.HasIndex(c => new { c.CounterpartId, c.LastActivityAt });
        b.HasOne<Citizen>().WithMany().HasForeignKey(c => c.CitizenId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MessageConfiguration : IEntityTypeConfiguration<Features.Messaging.Message>
{
    public void Configure(EntityTypeBuilder<Features.Messaging.Message> b)
    {
        b.Property(m => m.Id).ValueGeneratedOnAdd();
        b.Property(m => m.ClientKey).HasMaxLength(64);
        b.HasIndex(m => new { m.ConversationId, m.Id });
        b.HasIndex(m => new { m.ConversationId, m.SenderId, m.ClientKey }).IsUnique();
        b.HasOne<Features.Messaging.Conversation>().WithMany().HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReadMarkerConfiguration : IEntityTypeConfiguration<Features.Messaging.ReadMarker>
{
    public void Configure(EntityTypeBuilder<Features.Messaging.ReadMarker> b)
    {
        b.HasKey(r => new { r.ConversationId, r.ReaderId });
        b.HasOne<Features.Messaging.Conversation>().WithMany().HasForeignKey(r => r.ConversationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AbsenceNoticeConfiguration : IEntityTypeConfiguration<Features.Messaging.AbsenceNotice>
{
    public void Configure(EntityTypeBuilder<Features.Messaging.AbsenceNotice> b)
    {
        b.Property(a => a.Text).HasMaxLength(Features.Messaging.AutoReply.MaxLength);
        b.HasIndex(a => a.StaffAccountId).IsUnique();
        b.HasOne<StaffAccount>().WithMany().HasForeignKey(a => a.StaffAccountId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AttachmentConfiguration : IEntityTypeConfiguration<Features.Attachments.Attachment>
{
    public void Configure(EntityTypeBuilder<Features.Attachments.Attachment> b)
    {
        b.Property(a => a.ContentType).HasMaxLength(100);
        b.Property(a => a.Sha256).HasMaxLength(64);
        b.HasIndex(a => a.MessageId);
        b.HasOne<Features.Messaging.Message>().WithMany().HasForeignKey(a => a.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NotificationSettingsConfiguration : IEntityTypeConfiguration<Features.Notifications.NotificationSettings>
{
    public void Configure(EntityTypeBuilder<Features.Notifications.NotificationSettings> b)
    {
        b.HasKey(s => s.PersonId);
        b.Property(s => s.PersonId).ValueGeneratedNever();
        b.Property(s => s.Email).HasMaxLength(254);
    }
}

internal sealed class WebPushSubscriptionConfiguration : IEntityTypeConfiguration<Features.Notifications.WebPushSubscription>
{
    public void Configure(EntityTypeBuilder<Features.Notifications.WebPushSubscription> b)
    {
        b.Property(s => s.Endpoint).HasMaxLength(1000);
        b.Property(s => s.P256dh).HasMaxLength(200);
        b.Property(s => s.Auth).HasMaxLength(100);
        b.HasIndex(s => s.Endpoint).IsUnique();
        b.HasIndex(s => s.PersonId);
        b.HasIndex(s => s.DeviceId);
    }
}

internal sealed class InstallationSecretConfiguration : IEntityTypeConfiguration<Features.Notifications.InstallationSecret>
{
    public void Configure(EntityTypeBuilder<Features.Notifications.InstallationSecret> b)
    {
        b.HasKey(s => s.Name);
        b.Property(s => s.Name).HasMaxLength(40);
        b.Property(s => s.ProtectedValue).HasMaxLength(2000);
    }
}
