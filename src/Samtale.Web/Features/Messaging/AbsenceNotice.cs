using Samtale.Web.Features.Tenancy;

namespace Samtale.Web.Features.Messaging;

/// <summary>
/// A staff member's absence message (autosvar) for a period. A citizen who writes to them in that period
/// gets it once per conversation.
/// </summary>
public sealed class AbsenceNotice : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public Guid StaffAccountId { get; init; }

    /// <summary>First day of absence, inclusive, as the UTC start of that local day.</summary>
    public DateTime From { get; set; }

    /// <summary>The moment the absence ends (exclusive).</summary>
    public DateTime To { get; set; }

    public required string Text { get; set; }

    public DateTime UpdatedAt { get; set; }
}
