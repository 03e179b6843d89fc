namespace Samtale.Web.Features.Audit;

/// <summary>
/// One row of the append-only audit trail. Rows form one hash chain per municipality (and one for the
/// installation): each hash covers the row and the previous row's hash, so altering or removing a row
/// breaks the chain where it happened. Rows hold ids and action names, never names or content.
/// </summary>
public sealed class AuditEvent
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    /// <summary>The municipality's id, or <see cref="Guid.Empty"/> for the installation chain.</summary>
    public Guid ChainId { get; init; }

    public long Sequence { get; set; }

    public DateTime At { get; init; }

    public required string Action { get; init; }

    public required string Outcome { get; init; }

    public required string ActorKind { get; init; }

    public Guid? ActorId { get; init; }

    public string? TargetType { get; init; }

    public Guid? TargetId { get; init; }

    /// <summary>Extra facts as short key=value pairs, ids only.</summary>
    public string? Detail { get; init; }

    public string PreviousHash { get; set; } = "";

    public string Hash { get; set; } = "";
}
