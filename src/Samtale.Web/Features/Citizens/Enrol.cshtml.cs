using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Citizens;

/// <summary>A citizen redeems an enrolment code on their own phone and chooses a PIN; the phone becomes a registered device.</summary>
[AllowAnonymous]
[EnableRateLimiting(WebSetup.GuessLimit)]
public sealed class EnrolModel(Enrolment enrolment, SessionStore sessions) : SamtalePage
{
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public string? Pin { get; set; }

    [BindProperty]
    public string? PinAgain { get; set; }

    public bool CodeAccepted { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostCheckAsync(CancellationToken ct)
    {
        var error = await enrolment.CheckAsync(Code, ct);
        if (error != RedeemError.None)
        {
            return Fail(MessageFor(error), "Code");
        }

        CodeAccepted = true;
        return Page();
    }

    public async Task<IActionResult> OnPostRedeemAsync(CancellationToken ct)
    {
        var (error, registered) = await enrolment.RedeemAsync(Code, Pin, PinAgain, DeviceCookie.Describe(Request.Headers.UserAgent), ct);
        if (error != RedeemError.None)
        {
            // A PIN problem keeps the citizen on the PIN step; a code problem sends them back to the code.
            CodeAccepted = error is RedeemError.BadPin or RedeemError.TrivialPin or RedeemError.PinMismatch;
            return Fail(MessageFor(error), CodeAccepted ? (error == RedeemError.PinMismatch ? "PinAgain" : "Pin") : "Code");
        }

        DeviceCookie.Write(Response, registered!.DeviceToken);
        var principal = await sessions.StartCitizenAsync(registered.Citizen, registered.Device.Id, ct);
        await HttpContext.SignInAsync(AuthSetup.Scheme, principal);
        return Redirect("/Citizens?welcome=1");
    }

    private static string MessageFor(RedeemError error) => error switch
    {
        RedeemError.Expired => "Enrol.Expired",
        RedeemError.BadPin => "Enrol.BadPin",
        RedeemError.TrivialPin => "Enrol.TrivialPin",
        RedeemError.PinMismatch => "Enrol.PinMismatch",
        _ => "Enrol.UnknownCode",
    };
}
