using Samtale.Web.Features.Tenancy;

namespace Samtale.Web.Features.Visits;

/// <summary>
/// A staff member who has said "citizens may ring me now". The row exists only while they are available,
/// so "not available" is the default and a forgotten toggle cannot leave someone reachable for ever: it
/// lapses at <see cref="Until"/>.
/// </summary>
public sealed class StaffAvailability : ITenantOwned
{
    public Guid StaffAccountId { get; init; }

    public Guid TenantId { get; init; }

    public DateTime Since { get; init; }

    public DateTime Until { get; set; }
}
