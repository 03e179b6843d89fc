using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Accounts;

[AllowAnonymous]
public sealed class SignOutModel(CurrentUser me, SessionStore sessions) : SamtalePage
{
    public IActionResult OnGet() => me.IsSignedIn ? Redirect("/") : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (me.IsSignedIn)
        {
            await sessions.EndAsync(me.SessionId, "signed-out", ct);
            await HttpContext.SignOutAsync(AuthSetup.Scheme);
        }

        // A new request, so the page renders as signed out and tells the service worker to forget its cache.
        return Redirect("/Accounts/SignOut");
    }
}
