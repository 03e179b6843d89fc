using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc;
using Samtale.Web.Features.Messaging;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Staff;

/// <summary>Group message (gruppebesked): pick several of one's citizens, write once, each gets their own copy.</summary>
public sealed class GroupMessageModel(StaffCaseload caseload, GroupMessage group, CurrentUser me) : SamtalePage
{
    [BindProperty]
    public List<Guid> CitizenIds { get; set; } = [];

    [BindProperty]
    public string? Text { get; set; }

    [BindProperty]
    public string? GroupKey { get; set; }

    public List<LinkedCitizenDto> Citizens { get; private set; } = [];

    public int? Sent { get; private set; }

    public string NewGroupKey { get; } = RandomNumberGenerator.GetHexString(16, lowercase: true);

    public async Task OnGetAsync(CancellationToken ct) => Citizens = await caseload.ForAsync(me.Id, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Citizens = await caseload.ForAsync(me.Id, ct);
        var result = await group.SendAsync(CitizenIds, GroupKey, Text, ct);
        if (result.ErrorKey is { } error)
        {
            return Fail(error, error.StartsWith("Group.", StringComparison.Ordinal) ? "CitizenIds" : "Text");
        }

        Sent = result.Sent;
        CitizenIds = [];
        Text = null;
        return Page();
    }
}
