using Samtale.Web.Features.Tenancy;

namespace Samtale.Web.Features.Notifications;

/// <summary>How one person (staff member or citizen) wants to hear that a message is waiting.</summary>
public sealed class NotificationSettings : ITenantOwned
{
    public Guid PersonId { get; init; }

    public Guid TenantId { get; init; }

    public string? Email { get; set; }

    public bool EmailEnabled { get; set; }

    public bool PushEnabled { get; set; } = true;
}
