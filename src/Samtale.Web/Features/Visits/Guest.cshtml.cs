using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Visits;

/// <summary>
/// Where a guest link leads. Opening it shows what it is and a button; only the button (a POST) binds the
/// link to this device, so a mail scanner or a link preview that fetches the URL does not spend it.
/// </summary>
[AllowAnonymous]
public sealed class GuestModel(GuestLinks links, CurrentUser me) : SamtalePage
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public string Label { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var (error, link) = await links.CheckAsync(Token, ct);
        if (me.IsGuest && link is not null && me.Id == link.Id)
        {
            // The device the link is bound to comes back (a reload, the link tapped again): straight in.
            return Redirect($"/Visits/Call?visit={link.VisitId}");
        }

        return Refuse(error) ?? Show(link!);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (me.IsSignedIn && !me.IsGuest)
        {
            return Fail("Guest.SignedIn");
        }

        var (error, guest) = await links.EnterAsync(Token, ct);
        if (Refuse(error) is { } refused)
        {
            return refused;
        }

        await HttpContext.SignInAsync(AuthSetup.Scheme, guest!);
        return Redirect($"/Visits/Call?visit={guest!.FindFirst(SamtaleClaims.Visit)!.Value}");
    }

    private PageResult Show(GuestLink link)
    {
        Label = link.Label;
        return me.IsSignedIn && !me.IsGuest ? Fail("Guest.SignedIn") : Page();
    }

    private PageResult? Refuse(GuestOpenError error)
    {
        switch (error)
        {
            case GuestOpenError.None:
                return null;
            case GuestOpenError.Unknown:
                var missing = Fail("Guest.Unknown");
                Response.StatusCode = StatusCodes.Status404NotFound;
                return missing;
            case GuestOpenError.Expired:
                var gone = Fail("Guest.Expired");
                Response.StatusCode = StatusCodes.Status410Gone;
                return gone;
            default:
                var used = Fail("Guest.UsedElsewhere");
                Response.StatusCode = StatusCodes.Status409Conflict;
                return used;
        }
    }
}
