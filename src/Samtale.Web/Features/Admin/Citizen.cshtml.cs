using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samtale.Web.Data;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Citizens;
using Samtale.Web.Features.Links;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Admin;

public sealed record LinkRow(Guid Id, string Target, bool IsTeam, string CaseReference, DateTime CreatedAt);

public sealed record NamedOption(Guid Id, string Name);

/// <summary>One citizen in the admin console: their links (the closed user group), devices and enrolment codes.</summary>
[Authorize(Policy = Policies.MunicipalityAdmin)]
public sealed class CitizenModel(
    AppDbContext db, CurrentUser me, LinkAdministration links, DeviceAdministration devices, CitizenCodes codes) : SamtalePage
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public string? Name { get; private set; }

    public List<LinkRow> Links { get; private set; } = [];

    public List<DeviceDto> Devices { get; private set; } = [];

    public List<NamedOption> StaffOptions { get; private set; } = [];

    public List<NamedOption> TeamOptions { get; private set; } = [];

    public IssuedCodeView? Issued { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await LoadAsync(ct) ? Page() : Missing();

    public async Task<IActionResult> OnPostLinkAsync(string? target, string? caseReference, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return Missing();
        }

        var parts = (target ?? "").Split(':', 2);
        if (parts.Length != 2 || !Guid.TryParse(parts[1], out var targetId) || parts[0] is not ("staff" or "team"))
        {
            return Fail("Error.LinkTarget", "Target");
        }

        var (error, _) = await links.LinkAsync(me.RequireTenant(), Id, parts[0] == "staff" ? targetId : null, parts[0] == "team" ? targetId : null, caseReference, me.Id, ct);
        if (error != LinkError.None)
        {
            return error switch
            {
                LinkError.BadCaseReference => Fail("Error.CaseReference", "CaseReference"),
                LinkError.AlreadyLinked => Fail("Error.AlreadyLinked", "Target"),
                _ => Fail("Error.LinkTarget", "Target"),
            };
        }

        return RedirectToPage(new { Id });
    }

    public async Task<IActionResult> OnPostUnlinkAsync(Guid linkId, CancellationToken ct)
    {
        if (!await db.CitizenLinks.AnyAsync(l => l.Id == linkId && l.CitizenId == Id, ct) || !await links.UnlinkAsync(linkId, ct))
        {
            await LoadAsync(ct);
            return Missing();
        }

        return RedirectToPage(new { Id });
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid deviceId, CancellationToken ct)
    {
        if (!await db.CitizenDevices.AnyAsync(d => d.Id == deviceId && d.CitizenId == Id, ct) || !await devices.RevokeAsync(deviceId, ct))
        {
            await LoadAsync(ct);
            return Missing();
        }

        return RedirectToPage(new { Id });
    }

    public async Task<IActionResult> OnPostIssueCodeAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return Missing();
        }

        var code = await codes.IssueAsync(Id, ct);
        Issued = IssuedCodeView.For(Request, Name!, code!);
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        Name = await db.Citizens.Where(c => c.Id == Id).Select(c => c.DisplayName).SingleOrDefaultAsync(ct);
        if (Name is null)
        {
            return false;
        }

        Links = await (from l in db.CitizenLinks
                       where l.CitizenId == Id
                       orderby l.CreatedAt
                       select new LinkRow(l.Id,
                           l.TeamId == null ? db.StaffAccounts.Where(a => a.Id == l.StaffAccountId).Select(a => a.DisplayName).Single() : db.Teams.Where(t => t.Id == l.TeamId).Select(t => t.Name).Single(),
                           l.TeamId != null, l.CaseReference, l.CreatedAt)).ToListAsync(ct);
        Devices = await devices.ListAsync(Id, ct);
        StaffOptions = await db.StaffAccounts.Where(a => a.DisabledAt == null && (a.Roles & (StaffRoles.Staff | StaffRoles.TeamLead)) != 0)
            .OrderBy(a => a.DisplayName).Select(a => new NamedOption(a.Id, a.DisplayName)).ToListAsync(ct);
        TeamOptions = await db.Teams.OrderBy(t => t.Name).Select(t => new NamedOption(t.Id, t.Name)).ToListAsync(ct);
        return true;
    }
}
