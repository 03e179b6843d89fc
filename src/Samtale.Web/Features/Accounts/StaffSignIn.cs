using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Samtale.Web.Data;
using Samtale.Web.Features.Audit;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Accounts;

public enum PasswordCheck
{
    Accepted,
    Rejected,
    LockedOut,
}

/// <summary>
/// The local-account proof of identity: password, then TOTP. Every attempt, good or bad, leaves an audit row.
/// </summary>
public sealed class StaffSignIn(
    AppDbContext db,
    IPasswordHasher<StaffAccount> hasher,
    Totp totp,
    AuditTrail audit,
    TimeProvider clock,
    IOptions<AccountOptions> options)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public static string Normalise(string userName) => userName.Trim().ToLowerInvariant();

    public async Task<(PasswordCheck Result, StaffAccount? Account)> CheckPasswordAsync(string? userName, string? password, CancellationToken ct)
    {
        var name = Normalise(userName ?? "");
        var account = name.Length is > 0 and <= FieldLimits.UserName
            ? await db.StaffAccounts.IgnoreQueryFilters().SingleOrDefaultAsync(a => a.UserName == name, ct)
            : null;

        if (account is null || account.DisabledAt is not null || account.PasswordHash is null)
        {
            // Hash anyway, so the response time does not tell which user names exist.
            hasher.HashPassword(new StaffAccount { UserName = "-", DisplayName = "-" }, password ?? "");
            audit.RecordAs("anonymous", null, "staff.signin.password", account?.TenantId, "StaffAccount", account?.Id, "reason=unknown-or-disabled", AuditOutcome.Failure);
            await db.SaveChangesAsync(ct);
            return (PasswordCheck.Rejected, null);
        }

        if (account.LockedUntil is { } until && until > Now)
        {
            audit.RecordAs(CurrentUser.StaffKind, account.Id, "staff.signin.password", account.TenantId, "StaffAccount", account.Id, "reason=locked-out", AuditOutcome.Failure);
            await db.SaveChangesAsync(ct);
            return (PasswordCheck.LockedOut, account);
        }

        var verdict = hasher.VerifyHashedPassword(account, account.PasswordHash, password ?? "");
        if (verdict == PasswordVerificationResult.Failed)
        {
            var locked = await RegisterFailureAsync(account, ct);
            audit.RecordAs(CurrentUser.StaffKind, account.Id, "staff.signin.password", account.TenantId, "StaffAccount", account.Id, locked ? "reason=wrong-password;locked=true" : "reason=wrong-password", AuditOutcome.Failure);
            await db.SaveChangesAsync(ct);
            return (locked ? PasswordCheck.LockedOut : PasswordCheck.Rejected, null);
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            account.PasswordHash = hasher.HashPassword(account, password!);
        }

        audit.RecordAs(CurrentUser.StaffKind, account.Id, "staff.signin.password", account.TenantId, "StaffAccount", account.Id);
        await db.SaveChangesAsync(ct);
        return (PasswordCheck.Accepted, account);
    }

    /// <summary>The second step. Wrong codes count towards the same lockout as wrong passwords.</summary>
    public async Task<StaffAccount?> CheckTotpAsync(Guid accountId, string? code, CancellationToken ct)
    {
        var account = await FindUsableAsync(accountId, ct);
        if (account?.ProtectedTotpKey is null)
        {
            return null;
        }

        if (account.LockedUntil is { } until && until > Now)
        {
            audit.RecordAs(CurrentUser.StaffKind, account.Id, "staff.signin.totp", account.TenantId, "StaffAccount", account.Id, "reason=locked-out", AuditOutcome.Failure);
            await db.SaveChangesAsync(ct);
            return null;
        }

        if (!totp.Verify(totp.Unprotect(account.ProtectedTotpKey), code, account.LastTotpStep, out var step))
        {
            await RegisterFailureAsync(account, ct);
            audit.RecordAs(CurrentUser.StaffKind, account.Id, "staff.signin.totp", account.TenantId, "StaffAccount", account.Id, "reason=wrong-code", AuditOutcome.Failure);
            await db.SaveChangesAsync(ct);
            return null;
        }

        account.LastTotpStep = step;
        account.FailedSignIns = 0;
        account.LockedUntil = null;
        audit.RecordAs(CurrentUser.StaffKind, account.Id, "staff.signin", account.TenantId, "StaffAccount", account.Id);
        await db.SaveChangesAsync(ct);
        return account;
    }

    /// <summary>Finishes TOTP enrolment: the key is stored only once the user proves their app shows the right code.</summary>
    public async Task<StaffAccount?> EnrolTotpAsync(Guid accountId, string base32Key, string? code, CancellationToken ct)
    {
        var account = await FindUsableAsync(accountId, ct);
        if (account is null || account.ProtectedTotpKey is not null)
        {
            return null;
        }

        if (!totp.Verify(base32Key, code, 0, out var step))
        {
            audit.RecordAs(CurrentUser.StaffKind, account.Id, "staff.totp.enrol", account.TenantId, "StaffAccount", account.Id, "reason=wrong-code", AuditOutcome.Failure);
            await db.SaveChangesAsync(ct);
            return null;
        }

        account.ProtectedTotpKey = totp.Protect(base32Key);
        account.LastTotpStep = step;
        account.FailedSignIns = 0;
        audit.RecordAs(CurrentUser.StaffKind, account.Id, "staff.totp.enrol", account.TenantId, "StaffAccount", account.Id);
        audit.RecordAs(CurrentUser.StaffKind, account.Id, "staff.signin", account.TenantId, "StaffAccount", account.Id);
        await db.SaveChangesAsync(ct);
        return account;
    }

    public static ClaimsPrincipal PendingSecondFactor(StaffAccount account) =>
        new(new ClaimsIdentity([new Claim("pending", account.Id.ToString())], AuthSetup.TwoFactorScheme));

    public static Guid? PendingAccountId(ClaimsPrincipal? principal) =>
        Guid.TryParse(principal?.FindFirstValue("pending"), out var id) ? id : null;

    private async Task<StaffAccount?> FindUsableAsync(Guid accountId, CancellationToken ct)
    {
        var account = await db.StaffAccounts.IgnoreQueryFilters().SingleOrDefaultAsync(a => a.Id == accountId, ct);
        return account is { DisabledAt: null } ? account : null;
    }

    // Counted with one UPDATE in the database, not in memory: parallel wrong guesses each count.
    private async Task<bool> RegisterFailureAsync(StaffAccount account, CancellationToken ct)
    {
        var threshold = options.Value.LockoutThreshold;
        await db.StaffAccounts.IgnoreQueryFilters().Where(a => a.Id == account.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.FailedSignIns, a => a.FailedSignIns + 1), ct);
        var locked = await db.StaffAccounts.IgnoreQueryFilters().Where(a => a.Id == account.Id && a.FailedSignIns >= threshold)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.FailedSignIns, 0).SetProperty(a => a.LockedUntil, Now.AddMinutes(options.Value.LockoutMinutes)), ct);
        return locked > 0;
    }
}
