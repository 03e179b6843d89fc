using Samtale.Web.Features.Tenancy;

namespace Samtale.Web.Features.Citizens;

public sealed class Citizen : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public required string DisplayName { get; set; }

    public DateTime CreatedAt { get; init; }
}
