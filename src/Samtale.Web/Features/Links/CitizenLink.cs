using Samtale.Web.Features.Tenancy;

namespace Samtale.Web.Features.Links;

/// <summary>
/// One edge of the closed user group: a citizen linked to one staff member or to a whole team,
/// with the case reference (sagsnummer) the conversation belongs to.
/// </summary>
public sealed class CitizenLink : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public Guid CitizenId { get; init; }

    /// <summary>Exactly one of StaffAccountId and TeamId is set.</summary>
    public Guid? StaffAccountId { get; init; }

    public Guid? TeamId { get; init; }

    public required string CaseReference { get; set; }

    public Guid CreatedBy { get; init; }

    public DateTime CreatedAt { get; init; }
}
