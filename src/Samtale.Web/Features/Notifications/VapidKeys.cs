using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Samtale.Web.Data;

namespace Samtale.Web.Features.Notifications;

/// <summary>
/// The installation's VAPID key pair (P-256), made on first use and kept in the database encrypted with
/// Data Protection, so every app node and every restart signs pushes with the same key.
/// </summary>
public sealed class VapidKeys(IServiceScopeFactory scopes, IDataProtectionProvider protection) : IDisposable
{
    private const string SecretName = "vapid";
    private readonly IDataProtector _protector = protection.CreateProtector("Samtale.Notifications.Vapid");
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string PublicKey, string PrivateKey)? _keys;

    public async Task<(string PublicKey, string PrivateKey)> GetAsync(CancellationToken ct)
    {
        if (_keys is { } cached)
        {
            return cached;
        }

        await _gate.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var row = await db.InstallationSecrets.AsNoTracking().SingleOrDefaultAsync(s => s.Name == SecretName, ct);
            if (row is null)
            {
                using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                var p = ec.ExportParameters(includePrivateParameters: true);
                var publicKey = WebEncoders.Base64UrlEncode([0x04, .. p.Q.X!, .. p.Q.Y!]);
                var privateKey = WebEncoders.Base64UrlEncode(p.D!);
                row = new InstallationSecret { Name = SecretName, ProtectedValue = _protector.Protect($"{publicKey} {privateKey}") };
                db.InstallationSecrets.Add(row);
                try
                {
                    await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateException)
                {
                    // Another node made the pair first; use theirs.
                    db.ChangeTracker.Clear();
                    row = await db.InstallationSecrets.AsNoTracking().SingleAsync(s => s.Name == SecretName, ct);
                }
            }

            var parts = _protector.Unprotect(row.ProtectedValue).Split(' ');
            _keys = (parts[0], parts[1]);
            return _keys.Value;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
