using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Links;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Citizens;

/// <summary>The citizen's start screen: the people they can reach, and nobody else.</summary>
[Authorize(Policy = Policies.Citizen)]
public sealed class CitizenHomeModel(ReachPolicy reach, CurrentUser me) : SamtalePage
{
    public List<ContactDto> Contacts { get; private set; } = [];

    public bool Welcome { get; private set; }

    public async Task OnGetAsync(int? welcome, CancellationToken ct)
    {
        Welcome = welcome == 1;
        Contacts = await reach.StaffOf(me.Id).OrderBy(a => a.DisplayName)
            .Select(a => new ContactDto(a.Id, a.DisplayName)).ToListAsync(ct);
    }
}
