using Microsoft.AspNetCore.Mvc;
using Samtale.Web.Features.Citizens;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Staff;

/// <summary>A staff member hands one of their own citizens a new enrolment code (a new phone, a forgotten PIN).</summary>
public sealed class IssueCodeModel(CitizenCodes codes) : SamtalePage
{
    [BindProperty]
    public Guid CitizenId { get; set; }

    public IssuedCodeView? Issued { get; private set; }

    public IActionResult OnGet() => Redirect("/Staff");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var citizen = await codes.FindIssuableAsync(CitizenId, ct);
        if (citizen is null)
        {
            return Missing();
        }

        var code = await codes.IssueAsync(citizen.Id, ct);
        Issued = IssuedCodeView.For(Request, citizen.DisplayName, code!);
        return Page();
    }
}
