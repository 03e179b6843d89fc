using Samtale.Web.Features.Tenancy;

namespace Samtale.Web.Features.Visits;

/// <summary>
/// A link a staff member makes for a third person (an interpreter, a relative) to one planned visit. The
/// URL carries a random token; only its hash is stored. The first device that opens it is bound to it
/// (a guest session), so the link cannot be passed on; it ends with the visit and can be revoked.
/// </summary>
public sealed class GuestLink : ITenantOwned
{
    public const int MaxLabelLength = 40;

    /// <summary>A guest may stay on for this long after the visit's planned end.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(30);

    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public Guid VisitId { get; init; }

    /// <summary>What the staff member called the guest, e.g. "Tolk": the guest appears by this, never as a person.</summary>
    public required string Label { get; init; }

    public required string TokenHash { get; init; }

    public Guid CreatedBy { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime ExpiresAt { get; init; }

    /// <summary>When the first device opened the link; after that no other device can.</summary>
    public DateTime? BoundAt { get; set; }

    public DateTime? RevokedAt { get; set; }
}
