using Samtale.Web.Features.Tenancy;

namespace Samtale.Web.Features.Citizens;

/// <summary>A one-time code (aktiveringskode) a citizen redeems to register a device. Only its hash is stored.</summary>
public sealed class EnrolmentCode : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public Guid CitizenId { get; init; }

    public required string CodeHash { get; init; }

    public Guid IssuedBy { get; init; }

    public DateTime IssuedAt { get; init; }

    public DateTime ExpiresAt { get; init; }

    public DateTime? RedeemedAt { get; set; }

    public DateTime? WithdrawnAt { get; set; }
}
