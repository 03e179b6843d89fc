namespace Samtale.Web.Features.Tenancy;

/// <summary>A tenant: one municipality and everything it owns.</summary>
public sealed class Municipality
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string Name { get; set; }

    public DateTime CreatedAt { get; init; }
}
