using Samtale.Web.Features.Tenancy;

namespace Samtale.Web.Features.Citizens;

/// <summary>
/// A phone or tablet a citizen registered with an enrolment code. The browser holds the device id and a
/// secret in a cookie; the PIN unlocks a session on this device only.
/// </summary>
public sealed class CitizenDevice : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public Guid CitizenId { get; init; }

    /// <summary>A coarse description from the browser ("Android, Chrome") so staff can tell devices apart.</summary>
    public required string Label { get; init; }

    public required string SecretHash { get; init; }

    public required string PinHash { get; set; }

    public int FailedPinTries { get; set; }

    public DateTime RegisteredAt { get; init; }

    public DateTime? LastUnlockAt { get; set; }

    /// <summary>Set after too many wrong PINs; the citizen then needs a new enrolment code.</summary>
    public DateTime? LockedAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    public bool IsUsable => LockedAt is null && RevokedAt is null;
}
