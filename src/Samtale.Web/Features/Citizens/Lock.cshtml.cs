using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Citizens;

/// <summary>Locks the app: the session ends, the device stays registered for the next PIN unlock.</summary>
[AllowAnonymous]
public sealed class LockModel(CurrentUser me, SessionStore sessions) : SamtalePage
{
    public IActionResult OnGet() => me.IsSignedIn ? Redirect("/") : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (me.IsSignedIn)
        {
            await sessions.EndAsync(me.SessionId, "locked", ct);
            await HttpContext.SignOutAsync(AuthSetup.Scheme);
        }

        return Redirect("/Citizens/Lock");
    }
}
