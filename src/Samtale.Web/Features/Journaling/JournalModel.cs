using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Samtale.Web.Features.Messaging;
using Samtale.Web.Features.Tenancy;
using Samtale.Web.Features.Visits;

namespace Samtale.Web.Features.Journaling;

public enum JournalSinkKind
{
    None = 0,
    Folder = 1,
    Http = 2,
    Email = 3,
}

public enum JournalUnitState
{
    /// <summary>Waiting for (another) delivery attempt.</summary>
    Pending = 1,

    /// <summary>Handed to a sink that confirms later (the folder robot's receipt file).</summary>
    Delivered = 2,

    /// <summary>The sink confirmed; the content may be purged once the tenant's grace period is over.</summary>
    Confirmed = 3,

    /// <summary>Confirmed, and the content has left Samtale; the rows are tombstones.</summary>
    Purged = 4,

    /// <summary>Given up after the configured attempts or a refusal; an operator retries or re-routes it.</summary>
    Parked = 5,
}

/// <summary>
/// The outbox entry of one message or one call record (with its note): committed in the same transaction as
/// the message or the call's end or note, so neither can be acknowledged without also being owed to the
/// case system.
/// </summary>
public sealed class JournalJob : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    /// <summary>The message's conversation; <see cref="Guid.Empty"/> for a call record's job.</summary>
    public Guid ConversationId { get; init; }

    public long? MessageId { get; set; }

    /// <summary>Set for a call record's job; each such job becomes a unit of its own.</summary>
    public Guid? CallRecordId { get; init; }

    /// <summary>The call record's note revision this job journals (0 = the call ended without a note).</summary>
    public int NoteRevision { get; init; }

    /// <summary>
    /// The note as it was when the job was committed: the very ciphertext of the call record (same key, same
    /// associated data), so a unit carries the same note on every redelivery even when staff edit the note
    /// again meanwhile. Removed by the purge.
    /// </summary>
    public Guid? NoteKeyId { get; set; }

    public byte[]? NoteBlob { get; set; }

    /// <summary>Only for the commit: lets EF fill in <see cref="MessageId"/> once the message has its id.</summary>
    public Message? Message { get; set; }

    public DateTime CreatedAt { get; init; }

    /// <summary>Set once the job is grouped into a unit; a unit is then delivered and redelivered whole.</summary>
    public Guid? UnitId { get; set; }

    /// <summary>SHA-256 of the message text as journaled: the tombstone's proof of what left Samtale.</summary>
    public string? ContentSha256 { get; set; }
}

/// <summary>
/// One journal document: a conversation's messages of one day that were waiting together, or one call
/// record at one note revision. Its id is the idempotency key every delivery and redelivery carries.
/// </summary>
public sealed class JournalUnit : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    /// <summary><see cref="Guid.Empty"/> for a call record's unit.</summary>
    public Guid ConversationId { get; init; }

    public Guid? CallRecordId { get; init; }

    public Guid CitizenId { get; init; }

    public required string CaseReference { get; init; }

    /// <summary>The day (UTC midnight) the unit's messages were sent.</summary>
    public DateTime Day { get; init; }

    public DateTime CreatedAt { get; init; }

    public JournalUnitState State { get; set; } = JournalUnitState.Pending;

    public JournalSinkKind Sink { get; set; }

    public int Attempts { get; set; }

    public DateTime NextAttemptAt { get; set; }

    public Guid? LeaseOwner { get; set; }

    public DateTime? LeaseUntil { get; set; }

    /// <summary>Why the last attempt failed, in operator words (status codes, error kinds); never content.</summary>
    public string? LastError { get; set; }

    public DateTime? DeliveredAt { get; set; }

    public DateTime? ConfirmedAt { get; set; }

    public string? ReceiptId { get; set; }

    public string? PdfSha256 { get; set; }

    public DateTime? PurgeAt { get; set; }

    public DateTime? PurgedAt { get; set; }
}

/// <summary>Where a municipality's journal goes and how long content stays after the sink confirmed it.</summary>
public sealed class JournalSettings : ITenantOwned
{
    public Guid TenantId { get; init; }

    public JournalSinkKind Sink { get; set; }

    /// <summary>Folder drop: the folder the robot watches.</summary>
    public string? FolderPath { get; set; }

    public string? HttpUrl { get; set; }

    /// <summary>The HMAC key, protected with ASP.NET Data Protection; never shown back.</summary>
    public string? ProtectedHttpSecret { get; set; }

    public string? EmailTo { get; set; }

    /// <summary>0 = purge as soon as the sink confirms.</summary>
    public int PurgeAfterDays { get; set; }

    /// <summary>"Noark5" for Norwegian tenants; otherwise the OIO field names.</summary>
    public string MetadataProfile { get; set; } = "Oio";
}

internal sealed class JournalJobConfiguration : IEntityTypeConfiguration<JournalJob>
{
    public void Configure(EntityTypeBuilder<JournalJob> b)
    {
        b.Property(j => j.ContentSha256).HasMaxLength(64);
        b.HasIndex(j => new { j.UnitId, j.CreatedAt });
        b.HasIndex(j => j.MessageId).IsUnique();
        b.HasIndex(j => j.CallRecordId);
        b.Property(j => j.NoteBlob).HasMaxLength((CallRecord.MaxNoteLength * 4) + 64);
        b.HasOne<CallRecord>().WithMany().HasForeignKey(j => j.CallRecordId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(j => j.Message).WithMany().HasForeignKey(j => j.MessageId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<JournalUnit>().WithMany().HasForeignKey(j => j.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class JournalUnitConfiguration : IEntityTypeConfiguration<JournalUnit>
{
    public void Configure(EntityTypeBuilder<JournalUnit> b)
    {
        b.Property(u => u.CaseReference).HasMaxLength(100);
        b.Property(u => u.LastError).HasMaxLength(300);
        b.Property(u => u.ReceiptId).HasMaxLength(200);
        b.Property(u => u.PdfSha256).HasMaxLength(64);
        b.HasIndex(u => new { u.State, u.NextAttemptAt });
        b.HasIndex(u => new { u.State, u.PurgeAt });
        b.HasIndex(u => u.ConversationId);
        b.HasIndex(u => u.CallRecordId);
        b.HasOne<Municipality>().WithMany().HasForeignKey(u => u.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class JournalSettingsConfiguration : IEntityTypeConfiguration<JournalSettings>
{
    public void Configure(EntityTypeBuilder<JournalSettings> b)
    {
        b.HasKey(s => s.TenantId);
        b.Property(s => s.FolderPath).HasMaxLength(500);
        b.Property(s => s.HttpUrl).HasMaxLength(500);
        b.Property(s => s.ProtectedHttpSecret).HasMaxLength(1000);
        b.Property(s => s.EmailTo).HasMaxLength(254);
        b.Property(s => s.MetadataProfile).HasMaxLength(20);
        b.HasOne<Municipality>().WithMany().HasForeignKey(s => s.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
