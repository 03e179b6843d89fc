using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Samtale.Web.Data;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Citizens;

/// <summary>Unlocking a registered phone with its PIN.</summary>
[AllowAnonymous]
[EnableRateLimiting(WebSetup.GuessLimit)]
public sealed class UnlockModel(PinUnlock unlock, SessionStore sessions, AppDbContext db, CurrentUser me) : SamtalePage
{
    [BindProperty]
    public string? Pin { get; set; }

    public int? TriesLeft { get; private set; }

    public bool Locked { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (me.IsCitizen)
        {
            return Redirect("/Citizens");
        }

        var device = await unlock.FindDeviceAsync(DeviceCookie.Read(Request), ct);
        if (device is null)
        {
            return Redirect("/Citizens/Enrol");
        }

        Locked = !device.IsUsable;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (result, left, device) = await unlock.TryAsync(DeviceCookie.Read(Request), Pin, ct);
        switch (result)
        {
            case UnlockResult.Unlocked:
                var citizen = await db.Citizens.IgnoreQueryFilters().SingleAsync(c => c.Id == device!.CitizenId, ct);
                await HttpContext.SignInAsync(AuthSetup.Scheme, await sessions.StartCitizenAsync(citizen, device!.Id, ct));
                return Redirect("/Citizens");
            case UnlockResult.WrongPin:
                TriesLeft = left;
                return Fail("Unlock.WrongPin", "Pin");
            case UnlockResult.DeviceLocked:
                Locked = true;
                return Fail("Unlock.Locked");
            default:
                return Redirect("/Citizens/Enrol");
        }
    }
}
