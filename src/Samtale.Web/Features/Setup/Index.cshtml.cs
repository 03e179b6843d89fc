using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Tenancy;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Setup;

/// <summary>
/// Creates the first system administrator with the one-time link the server printed. The new account
/// then signs in like any other and is made to enrol its TOTP app before it gets a session.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(WebSetup.GuessLimit)]
public sealed class SetupModel(FirstStart firstStart, Organisation organisation) : SamtalePage
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? DisplayName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public bool TokenValid { get; private set; }

    public IActionResult OnGet()
    {
        TokenValid = firstStart.Matches(Token);
        return TokenValid ? Page() : Fail("Setup.BadToken");
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        TokenValid = firstStart.Matches(Token);
        if (!TokenValid)
        {
            return Fail("Setup.BadToken");
        }

        // Validate before spending the token, so a typo does not burn the one-time link.
        if (Organisation.PasswordError(Password) is { } pw)
        {
            return Fail(pw.MessageKey, pw.Field);
        }

        if (!firstStart.TryClose(Token))
        {
            TokenValid = false;
            return Fail("Setup.BadToken");
        }

        var (error, _) = await organisation.CreateAccountAsync(null, UserName, DisplayName, Password, StaffRoles.SystemAdmin, [], ct);
        if (error is not null)
        {
            firstStart.Reopen(Token!);
            return Fail(error.MessageKey, error.Field);
        }

        return Redirect("/Accounts/SignIn?created=1");
    }
}
