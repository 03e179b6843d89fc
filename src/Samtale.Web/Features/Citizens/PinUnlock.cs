using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Samtale.Web.Data;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Audit;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Citizens;

public enum UnlockResult
{
    Unlocked,
    WrongPin,
    DeviceLocked,
    UnknownDevice,
}

/// <summary>
/// Unlocking a registered device with its PIN. After the allowed number of wrong tries the device is
/// locked for good and the citizen needs a new enrolment code: four digits cannot withstand more guessing.
/// </summary>
public sealed class PinUnlock(
    AppDbContext db,
    AuditTrail audit,
    TimeProvider clock,
    IOptions<AccountOptions> options,
    IPasswordHasher<CitizenDevice> pinHasher)
{
    public async Task<(UnlockResult Result, int TriesLeft, CitizenDevice? Device)> TryAsync(string? deviceToken, string? pin, CancellationToken ct)
    {
        var device = await FindDeviceAsync(deviceToken, ct);
        if (device is null)
        {
            return (UnlockResult.UnknownDevice, 0, null);
        }

        if (!device.IsUsable)
        {
            audit.RecordAs(CurrentUser.CitizenKind, device.CitizenId, "citizen.unlock", device.TenantId, "CitizenDevice", device.Id, "reason=device-locked", AuditOutcome.Failure);
            await db.SaveChangesAsync(ct);
            return (UnlockResult.DeviceLocked, 0, device);
        }

        // Each try is reserved before the PIN is checked, with one conditional UPDATE: parallel guesses
        // cannot share a try, so no more than the allowed number are ever checked.
        var limit = options.Value.PinTries;
        var reserved = await db.CitizenDevices.IgnoreQueryFilters()
            .Where(d => d.Id == device.Id && d.LockedAt == null && d.RevokedAt == null && d.FailedPinTries < limit)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.FailedPinTries, d => d.FailedPinTries + 1), ct);
        if (reserved == 0)
        {
            return await LockAsync(device, ct);
        }

        var ok = PinRules.IsWellFormed(pin) && pinHasher.VerifyHashedPassword(device, device.PinHash, pin!) != PasswordVerificationResult.Failed;
        if (!ok)
        {
            var used = await db.CitizenDevices.IgnoreQueryFilters().Where(d => d.Id == device.Id).Select(d => d.FailedPinTries).SingleAsync(ct);
            if (used >= limit)
            {
                return await LockAsync(device, ct);
            }

            audit.RecordAs(CurrentUser.CitizenKind, device.CitizenId, "citizen.unlock", device.TenantId, "CitizenDevice", device.Id, "reason=wrong-pin", AuditOutcome.Failure);
            await db.SaveChangesAsync(ct);
            return (UnlockResult.WrongPin, limit - used, device);
        }

        await db.CitizenDevices.IgnoreQueryFilters().Where(d => d.Id == device.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.FailedPinTries, 0).SetProperty(d => d.LastUnlockAt, clock.GetUtcNow().UtcDateTime), ct);
        audit.RecordAs(CurrentUser.CitizenKind, device.CitizenId, "citizen.unlock", device.TenantId, "CitizenDevice", device.Id);
        await db.SaveChangesAsync(ct);
        return (UnlockResult.Unlocked, limit, device);
    }

    private async Task<(UnlockResult, int, CitizenDevice?)> LockAsync(CitizenDevice device, CancellationToken ct)
    {
        var locked = await db.CitizenDevices.IgnoreQueryFilters().Where(d => d.Id == device.Id && d.LockedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.LockedAt, clock.GetUtcNow().UtcDateTime), ct);
        audit.RecordAs(CurrentUser.CitizenKind, device.CitizenId, "citizen.unlock", device.TenantId, "CitizenDevice", device.Id,
            locked == 1 ? "reason=wrong-pin;locked=true" : "reason=device-locked", AuditOutcome.Failure);
        await db.SaveChangesAsync(ct);
        return (UnlockResult.DeviceLocked, 0, device);
    }

    /// <summary>Finds the device a browser's device cookie names, checking its secret.</summary>
    public async Task<CitizenDevice?> FindDeviceAsync(string? deviceToken, CancellationToken ct)
    {
        var parts = (deviceToken ?? "").Split('.', 2);
        if (parts.Length != 2 || !Guid.TryParseExact(parts[0], "N", out var id))
        {
            return null;
        }

        var device = await db.CitizenDevices.IgnoreQueryFilters().SingleOrDefaultAsync(d => d.Id == id, ct);
        return device is not null && device.SecretHash == Enrolment.Hash(parts[1]) ? device : null;
    }
}
