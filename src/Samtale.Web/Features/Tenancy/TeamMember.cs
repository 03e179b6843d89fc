namespace Samtale.Web.Features.Tenancy;

public sealed class TeamMember
{
    public Guid TeamId { get; init; }

    public Guid StaffAccountId { get; init; }
}
