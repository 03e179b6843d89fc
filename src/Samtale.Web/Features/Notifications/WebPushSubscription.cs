using Samtale.Web.Features.Tenancy;

namespace Samtale.Web.Features.Notifications;

/// <summary>A browser's Web Push subscription. A citizen's is tied to their device and goes when the device is revoked.</summary>
public sealed class WebPushSubscription : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public Guid PersonId { get; init; }

    /// <summary>The session that registered it; its device for citizens.</summary>
    public Guid? DeviceId { get; init; }

    public required string Endpoint { get; init; }

    public required string P256dh { get; init; }

    public required string Auth { get; init; }

    public DateTime CreatedAt { get; init; }
}
