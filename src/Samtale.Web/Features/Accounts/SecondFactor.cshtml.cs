using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Samtale.Web.Data;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Accounts;

/// <summary>
/// Step two: the TOTP code, or, for an account without one yet, enrolment by QR code. Only after this
/// step does the person get a session; the password alone never signs anyone in.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(WebSetup.GuessLimit)]
public sealed class SecondFactorModel(AppDbContext db, StaffSignIn signIn, SessionStore sessions, IDataProtectionProvider protection) : SamtalePage
{
    private readonly ITimeLimitedDataProtector _enrolKeys = protection.CreateProtector("Samtale.Accounts.TotpEnrolment").ToTimeLimitedDataProtector();

    [BindProperty]
    public string? Code { get; set; }

    /// <summary>The new key during enrolment, encrypted for this account and ten minutes, so the form cannot swap it.</summary>
    [BindProperty]
    public string? ProtectedKey { get; set; }

    public bool Enrolling { get; private set; }

    public string? QrDataUri { get; private set; }

    public string? KeyForDisplay { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var account = await PendingAccountAsync(ct);
        if (account is null)
        {
            return Redirect("/Accounts/SignIn");
        }

        if (!account.HasTotp)
        {
            ShowEnrolment(account, Totp.NewKey());
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var account = await PendingAccountAsync(ct);
        if (account is null)
        {
            return Redirect("/Accounts/SignIn");
        }

        StaffAccount? confirmed;
        if (account.HasTotp)
        {
            confirmed = await signIn.CheckTotpAsync(account.Id, Code, ct);
            if (confirmed is null)
            {
                return Fail("Totp.Wrong", "Code");
            }
        }
        else
        {
            var key = UnprotectKey(account.Id);
            if (key is null)
            {
                ShowEnrolment(account, Totp.NewKey());
                return Fail("Totp.Expired", "Code");
            }

            confirmed = await signIn.EnrolTotpAsync(account.Id, key, Code, ct);
            if (confirmed is null)
            {
                ShowEnrolment(account, key);
                return Fail("Totp.Wrong", "Code");
            }
        }

        var principal = await sessions.StartStaffAsync(confirmed, ct);
        await HttpContext.SignOutAsync(AuthSetup.TwoFactorScheme);
        await HttpContext.SignInAsync(AuthSetup.Scheme, principal);
        return Redirect(IndexModel.HomeOf(confirmed.Roles));
    }

    private async Task<StaffAccount?> PendingAccountAsync(CancellationToken ct)
    {
        var pending = await HttpContext.AuthenticateAsync(AuthSetup.TwoFactorScheme);
        var id = StaffSignIn.PendingAccountId(pending.Principal);
        return id is null ? null : await db.StaffAccounts.IgnoreQueryFilters().SingleOrDefaultAsync(a => a.Id == id && a.DisabledAt == null, ct);
    }

    private void ShowEnrolment(StaffAccount account, string key)
    {
        Enrolling = true;
        ProtectedKey = _enrolKeys.Protect($"{account.Id:N}:{key}", TimeSpan.FromMinutes(10));
        KeyForDisplay = string.Join(' ', key.Chunk(4).Select(c => new string(c)));
        QrDataUri = QrImage.DataUri(Totp.ProvisioningUri("Samtale", account.UserName, key));
    }

    private string? UnprotectKey(Guid accountId)
    {
        try
        {
            var parts = _enrolKeys.Unprotect(ProtectedKey ?? "").Split(':', 2);
            return parts.Length == 2 && parts[0] == accountId.ToString("N") ? parts[1] : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
