namespace Samtale.Web.Features.Notifications;

/// <summary>A secret the installation generates for itself (the VAPID key pair), stored encrypted with Data Protection.</summary>
public sealed class InstallationSecret
{
    public required string Name { get; init; }

    public required string ProtectedValue { get; init; }
}
