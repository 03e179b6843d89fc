using Microsoft.AspNetCore.Mvc;
using Samtale.Web.Features.Citizens;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Staff;

/// <summary>
/// One of the staff member's own citizens: their devices (revoke a lost phone) and a new enrolment code.
/// A citizen the staff member cannot reach is "not found", whoever else they belong to.
/// </summary>
public sealed class StaffCitizenModel(StaffCaseload caseload, CurrentUser me, DeviceAdministration devices, CitizenCodes codes) : SamtalePage
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public LinkedCitizenDto? Citizen { get; private set; }

    public List<DeviceDto> Devices { get; private set; } = [];

    public IssuedCodeView? Issued { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await LoadAsync(ct) ? Page() : Missing();

    public async Task<IActionResult> OnPostRevokeAsync(Guid deviceId, CancellationToken ct)
    {
        if (!await LoadAsync(ct) || Devices.All(d => d.Id != deviceId))
        {
            return Missing();
        }

        await devices.RevokeAsync(deviceId, ct);
        return RedirectToPage(new { Id });
    }

    public async Task<IActionResult> OnPostIssueCodeAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return Missing();
        }

        var code = await codes.IssueAsync(Id, ct);
        Issued = IssuedCodeView.For(Request, Citizen!.DisplayName, code!);
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        Citizen = await caseload.OneAsync(me.Id, Id, ct);
        if (Citizen is null)
        {
            return false;
        }

        Devices = await devices.ListAsync(Id, ct);
        return true;
    }
}
