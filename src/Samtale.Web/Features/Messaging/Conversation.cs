using Samtale.Web.Features.Tenancy;

namespace Samtale.Web.Features.Messaging;

public enum CounterpartKind
{
    Staff = 1,
    Team = 2,
}

/// <summary>
/// The conversation between a citizen and the staff member or team a link names. It outlives the link:
/// unlinking closes access at once, but the history stays until it is journaled and purged.
/// </summary>
public sealed class Conversation : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public Guid CitizenId { get; init; }

    public CounterpartKind CounterpartKind { get; init; }

    /// <summary>The staff account or the team.</summary>
    public Guid CounterpartId { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime LastActivityAt { get; set; }
}
