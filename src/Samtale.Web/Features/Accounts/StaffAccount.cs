using Samtale.Web.Features.Tenancy;

namespace Samtale.Web.Features.Accounts;

/// <summary>
/// Anyone who signs in with a user name: staff, team leads, administrators, IT operations and auditors.
/// Installation-wide accounts (system administrator, IT operations) have no municipality.
/// </summary>
public sealed class StaffAccount
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid? TenantId { get; init; }

    /// <summary>Stored lower-case so uniqueness holds on every database engine.</summary>
    public required string UserName { get; set; }

    public required string DisplayName { get; set; }

    public string? PasswordHash { get; set; }

    /// <summary>The TOTP key, encrypted with Data Protection; null until enrolment is finished.</summary>
    public string? ProtectedTotpKey { get; set; }

    /// <summary>The last accepted TOTP time step, so a code cannot be replayed.</summary>
    public long LastTotpStep { get; set; }

    public int FailedSignIns { get; set; }

    public DateTime? LockedUntil { get; set; }

    public StaffRoles Roles { get; set; }

    public DateTime CreatedAt { get; init; }

    public DateTime? DisabledAt { get; set; }

    public bool HasTotp => ProtectedTotpKey is not null;

    public List<TeamMember> Teams { get; init; } = [];
}
