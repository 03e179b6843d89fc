using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Citizens;

namespace Samtale.Web.Features.Visits;

internal sealed class CallConfiguration : IEntityTypeConfiguration<CallRecord>
{
    public void Configure(EntityTypeBuilder<CallRecord> b)
    {
        b.ToTable("Calls");
        b.Property(c => c.Direction).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.EndReason).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.NoteBlob).HasMaxLength((CallRecord.MaxNoteLength * 4) + 64);
        b.HasIndex(c => new { c.StaffAccountId, c.StartedAt });
        b.HasIndex(c => new { c.CitizenId, c.StartedAt });
        b.HasOne<Citizen>().WithMany().HasForeignKey(c => c.CitizenId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<StaffAccount>().WithMany().HasForeignKey(c => c.StaffAccountId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class StaffAvailabilityConfiguration : IEntityTypeConfiguration<StaffAvailability>
{
    public void Configure(EntityTypeBuilder<StaffAvailability> b)
    {
        b.ToTable("StaffAvailability");
        b.HasKey(a => a.StaffAccountId);
        b.Property(a => a.StaffAccountId).ValueGeneratedNever();
        b.HasOne<StaffAccount>().WithMany().HasForeignKey(a => a.StaffAccountId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PlannedVisitConfiguration : IEntityTypeConfiguration<PlannedVisit>
{
    public void Configure(EntityTypeBuilder<PlannedVisit> b)
    {
        b.ToTable("PlannedVisits");
        b.Ignore(v => v.EndsAt);
        b.Ignore(v => v.OpensAt);
        b.HasIndex(v => new { v.StaffAccountId, v.StartsAt });
        b.HasIndex(v => new { v.CitizenId, v.StartsAt });
        b.HasOne<Citizen>().WithMany().HasForeignKey(v => v.CitizenId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<StaffAccount>().WithMany().HasForeignKey(v => v.StaffAccountId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class GuestLinkConfiguration : IEntityTypeConfiguration<GuestLink>
{
    public void Configure(EntityTypeBuilder<GuestLink> b)
    {
        b.ToTable("GuestLinks");
        b.Property(g => g.Label).HasMaxLength(GuestLink.MaxLabelLength);
        b.Property(g => g.TokenHash).HasMaxLength(64);
        b.HasIndex(g => g.TokenHash).IsUnique();
        b.HasIndex(g => g.VisitId);
        b.HasOne<PlannedVisit>().WithMany().HasForeignKey(g => g.VisitId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CallParticipantConfiguration : IEntityTypeConfiguration<CallParticipant>
{
    public void Configure(EntityTypeBuilder<CallParticipant> b)
    {
        b.ToTable("CallParticipants");
        b.Property(p => p.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.GuestLabel).HasMaxLength(GuestLink.MaxLabelLength);
        b.HasIndex(p => p.CallId);
        b.HasOne<CallRecord>().WithMany().HasForeignKey(p => p.CallId).OnDelete(DeleteBehavior.Cascade);
    }
}
