using Microsoft.AspNetCore.Mvc;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Citizens;
using Samtale.Web.Web;

namespace Samtale.Web.Features;

/// <summary>The front door: sends each person to where they work, or offers the two ways in.</summary>
public sealed class IndexModel(CurrentUser me) : SamtalePage
{
    public IActionResult OnGet()
    {
        if (me.IsCitizen)
        {
            return Redirect("/Citizens");
        }

        if (me.IsStaff)
        {
            return Redirect(HomeOf(me.Roles));
        }

        // A registered phone goes straight to its PIN.
        return DeviceCookie.Read(Request) is not null ? Redirect("/Citizens/Unlock") : Page();
    }

    public static string HomeOf(StaffRoles roles) =>
        (roles & (StaffRoles.Staff | StaffRoles.TeamLead)) != 0 ? "/Staff"
        : (roles & (StaffRoles.MunicipalityAdmin | StaffRoles.SystemAdmin | StaffRoles.ItOperations)) != 0 ? "/Admin"
        : (roles & StaffRoles.Auditor) != 0 ? "/Audit"
        : "/Accounts/Sessions";
}
