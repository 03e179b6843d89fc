using Microsoft.EntityFrameworkCore;
using Samtale.Web.Data;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Audit;

namespace Samtale.Web.Features.Citizens;

public sealed record DeviceDto(Guid Id, string Label, DateTime RegisteredAt, DateTime? LastUnlockAt, DateTime? LockedAt, DateTime? RevokedAt);

/// <summary>A citizen's devices as staff see them, and revoking one (a lost phone): its sessions end in the same request.</summary>
public sealed class DeviceAdministration(AppDbContext db, SessionStore sessions, AuditTrail audit, TimeProvider clock)
{
    /// <summary>The citizen's devices in the current municipality, newest first. The caller has checked that it may see the citizen.</summary>
    public Task<List<DeviceDto>> ListAsync(Guid citizenId, CancellationToken ct) =>
        db.CitizenDevices.Where(d => d.CitizenId == citizenId).OrderByDescending(d => d.RegisteredAt)
            .Select(d => new DeviceDto(d.Id, d.Label, d.RegisteredAt, d.LastUnlockAt, d.LockedAt, d.RevokedAt)).ToListAsync(ct);

    /// <summary>Revokes a device of the current municipality; false if there is no such device here.</summary>
    public async Task<bool> RevokeAsync(Guid deviceId, CancellationToken ct)
    {
        var device = await db.CitizenDevices.SingleOrDefaultAsync(d => d.Id == deviceId, ct);
        if (device is null)
        {
            return false;
        }

        if (device.RevokedAt is null)
        {
            device.RevokedAt = clock.GetUtcNow().UtcDateTime;
            audit.Record("citizen.device.revoke", device.TenantId, "CitizenDevice", device.Id, $"citizen={device.CitizenId}");
            await db.SaveChangesAsync(ct);
        }

        await sessions.EndAllForDeviceAsync(device.Id, "device-revoked", ct);

        // A lost phone must not keep receiving even content-free nudges.
        await db.WebPushSubscriptions.Where(s => s.DeviceId == device.Id).ExecuteDeleteAsync(ct);
        return true;
    }
}
