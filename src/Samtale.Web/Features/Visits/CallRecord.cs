using Samtale.Web.Features.Tenancy;

namespace Samtale.Web.Features.Visits;

/// <summary>
/// The record of one screen visit: who, planned or ad hoc, when it rang, was answered and ended, and why
/// it ended. Never media, never SDP. The staff member's note (notat) for the case is sealed at rest like
/// a message body.
/// </summary>
public sealed class CallRecord : ITenantOwned
{
    public const int MaxNoteLength = 2000;

    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public Guid CitizenId { get; init; }

    public Guid StaffAccountId { get; init; }

    public CallDirection Direction { get; init; }

    public bool Planned { get; init; }

    public DateTime StartedAt { get; init; }

    public DateTime? AnsweredAt { get; set; }

    public DateTime? EndedAt { get; set; }

    public int? DurationSeconds { get; set; }

    public CallEndReason? EndReason { get; set; }

    public Guid? NoteKeyId { get; set; }

    public byte[]? NoteBlob { get; set; }

    public DateTime? NotedAt { get; set; }

    /// <summary>Counts note changes; a journal job names the revision it carries, and the purge removes only that one.</summary>
    public int NoteRevision { get; set; }
}

public enum CallDirection
{
    StaffToCitizen,
    CitizenToStaff,
}

public enum CallEndReason
{
    Completed,
    Missed,
    Declined,
    Failed,
}
