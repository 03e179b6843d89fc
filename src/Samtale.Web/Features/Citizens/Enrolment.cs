using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Samtale.Web.Data;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Audit;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Citizens;

public sealed record IssuedCode(string Code, DateTime ExpiresAt);

public enum RedeemError
{
    None,
    UnknownOrUsed,
    Expired,
    BadPin,
    TrivialPin,
    PinMismatch,
}

public sealed record RegisteredDevice(CitizenDevice Device, Citizen Citizen, string DeviceToken);

/// <summary>
/// Enrolment codes (aktiveringskoder) and what a citizen's device does with them: a code is shown
/// once, stored only as a hash, expires, and is spent by the first successful redemption.
/// </summary>
public sealed class Enrolment(
    AppDbContext db,
    AuditTrail audit,
    TimeProvider clock,
    IOptions<AccountOptions> options,
    IPasswordHasher<CitizenDevice> pinHasher)
{
    // No 0/O, 1/I/L: the code is read aloud over the phone and typed by children.
    private const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Issues a new code for a citizen; any earlier unredeemed code is withdrawn so only one is live.</summary>
    public async Task<IssuedCode> IssueAsync(Citizen citizen, Guid issuedBy, CancellationToken ct)
    {
        await db.EnrolmentCodes
            .Where(c => c.CitizenId == citizen.Id && c.RedeemedAt == null && c.WithdrawnAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.WithdrawnAt, Now), ct);

        var code = NewCode();
        var row = new EnrolmentCode
        {
            TenantId = citizen.TenantId,
            CitizenId = citizen.Id,
            CodeHash = Hash(code),
            IssuedBy = issuedBy,
            IssuedAt = Now,
            ExpiresAt = Now.AddHours(options.Value.EnrolmentCodeHours),
        };
        db.EnrolmentCodes.Add(row);
        audit.Record("citizen.enrolment-code.issue", citizen.TenantId, "Citizen", citizen.Id, $"code={row.Id}");
        await db.SaveChangesAsync(ct);
        return new IssuedCode(Format(code), row.ExpiresAt);
    }

    /// <summary>Checks a code without spending it, so the citizen can be asked for a PIN next.</summary>
    public async Task<RedeemError> CheckAsync(string? code, CancellationToken ct)
    {
        var row = await FindAsync(code, ct);
        return row is null ? RedeemError.UnknownOrUsed : row.ExpiresAt <= Now ? RedeemError.Expired : RedeemError.None;
    }

    /// <summary>Spends the code and registers the device with the chosen PIN, in one transaction.</summary>
    public async Task<(RedeemError Error, RegisteredDevice? Device)> RedeemAsync(string? code, string? pin, string? pinAgain, string deviceLabel, CancellationToken ct)
    {
        var row = await FindAsync(code, ct);
        if (row is null)
        {
            return (RedeemError.UnknownOrUsed, null);
        }

        if (row.ExpiresAt <= Now)
        {
            return (RedeemError.Expired, null);
        }

        if (!PinRules.IsWellFormed(pin))
        {
            return (RedeemError.BadPin, null);
        }

        if (PinRules.IsTrivial(pin!))
        {
            return (RedeemError.TrivialPin, null);
        }

        if (pin != pinAgain)
        {
            return (RedeemError.PinMismatch, null);
        }

        var citizen = await db.Citizens.IgnoreQueryFilters().SingleAsync(c => c.Id == row.CitizenId, ct);
        var token = RandomNumberGenerator.GetHexString(48, lowercase: true);
        var device = new CitizenDevice
        {
            TenantId = citizen.TenantId,
            CitizenId = citizen.Id,
            Label = deviceLabel,
            SecretHash = Hash(token),
            PinHash = "",
            RegisteredAt = Now,
            LastUnlockAt = Now,
        };
        device.PinHash = pinHasher.HashPassword(device, pin!);
        db.CitizenDevices.Add(device);
        row.RedeemedAt = Now;
        audit.RecordAs(CurrentUser.CitizenKind, citizen.Id, "citizen.device.register", citizen.TenantId, "CitizenDevice", device.Id, $"code={row.Id}");

        // RedeemedAt and WithdrawnAt are concurrency tokens: the UPDATE that spends the code only matches
        // a row still unspent, so of two racing redemptions exactly one saves, device and audit row included.
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return (RedeemError.UnknownOrUsed, null);
        }

        return (RedeemError.None, new RegisteredDevice(device, citizen, $"{device.Id:N}.{token}"));
    }

    public static string Hash(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Upper-cases and strips spaces and dashes, so "k7pm 3xq9" and "K7PM-3XQ9" are the same code.</summary>
    public static string Normalise(string? code) =>
        new((code ?? "").Where(char.IsAsciiLetterOrDigit).Select(char.ToUpperInvariant).ToArray());

    private async Task<EnrolmentCode?> FindAsync(string? code, CancellationToken ct)
    {
        var normal = Normalise(code);
        if (normal.Length != 10)
        {
            return null;
        }

        var hash = Hash(normal);
        return await db.EnrolmentCodes.IgnoreQueryFilters()
            .SingleOrDefaultAsync(c => c.CodeHash == hash && c.RedeemedAt == null && c.WithdrawnAt == null, ct);
    }

    private static string NewCode() => RandomNumberGenerator.GetString(Alphabet, 10);

    private static string Format(string code) => $"{code[..4]}-{code[4..8]}-{code[8..]}";
}
