namespace Samtale.Web.Features.Tenancy;

/// <summary>A team or department within a municipality; staff belong to teams and citizens can be linked to a whole team.</summary>
public sealed class Team : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public required string Name { get; set; }

    public DateTime CreatedAt { get; init; }

    /// <summary>Whether the team's citizens may ring its staff (only those marked available); otherwise only staff ring.</summary>
    public bool CitizensMayCall { get; set; }

    public List<TeamMember> Members { get; init; } = [];
}
