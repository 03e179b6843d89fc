using Samtale.Web.Features.Tenancy;

namespace Samtale.Web.Features.Visits;

/// <summary>
/// Who took part in a call, and from when to when: the staff member, the citizen and any guest. A guest is
/// recorded by their link and its label, never as a person. No media, no addresses.
/// </summary>
public sealed class CallParticipant : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public Guid CallId { get; init; }

    public ParticipantKind Kind { get; init; }

    /// <summary>The staff account or the citizen; null for a guest.</summary>
    public Guid? PersonId { get; init; }

    public Guid? GuestLinkId { get; init; }

    /// <summary>The guest link's label ("Tolk"); null for staff and citizens.</summary>
    public string? GuestLabel { get; init; }

    public DateTime JoinedAt { get; init; }

    public DateTime? LeftAt { get; set; }
}

public enum ParticipantKind
{
    Staff,
    Citizen,
    Guest,
}
