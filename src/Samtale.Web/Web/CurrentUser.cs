using System.Security.Claims;
using Samtale.Web.Features.Accounts;

namespace Samtale.Web.Web;

/// <summary>Who is asking, read once per request from the validated session's claims.</summary>
public sealed class CurrentUser
{
    public const string StaffKind = "staff";
    public const string CitizenKind = "citizen";
    public const string GuestKind = "guest";

    public ClaimsPrincipal Principal { get; private set; } = new(new ClaimsIdentity());

    public bool IsSignedIn => Principal.Identity?.IsAuthenticated == true;

    public Guid Id => Guid.Parse(Principal.FindFirstValue(SamtaleClaims.Subject)!);

    public string Kind => Principal.FindFirstValue(SamtaleClaims.Kind) ?? "anonymous";

    public bool IsStaff => IsSignedIn && Kind == StaffKind;

    public bool IsCitizen => IsSignedIn && Kind == CitizenKind;

    /// <summary>A guest on one planned visit (through a guest link): reaches that visit's call and nothing else.</summary>
    public bool IsGuest => IsSignedIn && Kind == GuestKind;

    /// <summary>The one visit a guest belongs to; null for everyone else.</summary>
    public Guid? GuestVisitId => IsGuest && Principal.FindFirstValue(SamtaleClaims.Visit) is { } v ? Guid.Parse(v) : null;

    public Guid? TenantId => Principal.FindFirstValue(SamtaleClaims.Tenant) is { } t ? Guid.Parse(t) : null;

    public Guid SessionId => Guid.Parse(Principal.FindFirstValue(SamtaleClaims.Session)!);

    public Guid? DeviceId => Principal.FindFirstValue(SamtaleClaims.Device) is { } d ? Guid.Parse(d) : null;

    public string DisplayName => Principal.FindFirstValue(SamtaleClaims.Name) ?? "";

    public StaffRoles Roles => Enum.TryParse<StaffRoles>(Principal.FindFirstValue(SamtaleClaims.StaffRoles), out var r) ? r : StaffRoles.None;

    public bool Has(StaffRoles role) => IsStaff && (Roles & role) != 0;

    /// <summary>The municipality this staff member or citizen belongs to; throws for installation-wide accounts.</summary>
    public Guid RequireTenant() => TenantId ?? throw new InvalidOperationException("This action needs a municipality.");

    internal void Set(ClaimsPrincipal principal) => Principal = principal;
}

public static class SamtaleClaims
{
    public const string Subject = "sub";
    public const string Kind = "kind";
    public const string Tenant = "tenant";
    public const string Session = "sid";
    public const string Device = "device";
    public const string Name = "name";
    public const string StaffRoles = "roles";
    public const string Role = ClaimTypes.Role;
    public const string Visit = "visit";

    /// <summary>When the session ends unless renewed (UTC, round-trip format), so long-lived connections can close then.</summary>
    public const string LiveUntil = "live-until";
}
