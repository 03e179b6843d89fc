using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Accounts;

/// <summary>Step one of staff sign-in: user name and password. Step two is <see cref="SecondFactorModel"/>.</summary>
[AllowAnonymous]
[EnableRateLimiting(WebSetup.GuessLimit)]
public sealed class SignInModel(StaffSignIn signIn) : SamtalePage
{
    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public bool Created { get; private set; }

    public void OnGet(int? created) => Created = created == 1;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (result, account) = await signIn.CheckPasswordAsync(UserName, Password, ct);
        switch (result)
        {
            case PasswordCheck.Accepted:
                await HttpContext.SignInAsync(AuthSetup.TwoFactorScheme, StaffSignIn.PendingSecondFactor(account!));
                return Redirect("/Accounts/SecondFactor");
            case PasswordCheck.LockedOut:
                return Fail("SignIn.LockedOut");
            default:
                // One message for unknown user and wrong password, so the form does not confirm user names.
                return Fail("SignIn.Rejected");
        }
    }
}
