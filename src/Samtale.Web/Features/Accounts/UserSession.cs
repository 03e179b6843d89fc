namespace Samtale.Web.Features.Accounts;

/// <summary>
/// A server-side session. The cookie carries only its id; every request checks this row, so a
/// session can be ended (sign-out everywhere, device revoked, lifetime reached) at once.
/// </summary>
public sealed class UserSession
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public SessionKind Kind { get; init; }

    /// <summary>The staff account or the citizen.</summary>
    public Guid PrincipalId { get; init; }

    public Guid? TenantId { get; init; }

    public Guid? DeviceId { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime LastSeenAt { get; set; }

    /// <summary>The absolute end for staff sessions, however active the user is; null for citizens, who time out when idle.</summary>
    public DateTime? ExpiresAt { get; init; }

    public DateTime? EndedAt { get; set; }

    public string? EndReason { get; set; }
}
