using Samtale.Web.Features.Tenancy;

namespace Samtale.Web.Features.Visits;

/// <summary>A screen visit a staff member booked with a citizen. The citizen joins through the waiting room.</summary>
public sealed class PlannedVisit : ITenantOwned
{
    /// <summary>The waiting room opens this long before the start.</summary>
    public static readonly TimeSpan JoinEarly = TimeSpan.FromMinutes(10);

    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public Guid StaffAccountId { get; init; }

    public Guid CitizenId { get; init; }

    public DateTime StartsAt { get; init; }

    public int DurationMinutes { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime EndsAt => StartsAt.AddMinutes(DurationMinutes);

    public DateTime OpensAt => StartsAt - JoinEarly;

    public bool IsOpenAt(DateTime now) => now >= OpensAt && now < EndsAt;
}
