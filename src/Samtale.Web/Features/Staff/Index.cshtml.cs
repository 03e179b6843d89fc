using Samtale.Web.Web;

namespace Samtale.Web.Features.Staff;

/// <summary>The staff member's start page: every citizen they may reach, with the case references.</summary>
public sealed class StaffHomeModel(StaffCaseload caseload, CurrentUser me) : SamtalePage
{
    public List<LinkedCitizenDto> Citizens { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Citizens = await caseload.ForAsync(me.Id, ct);
}
