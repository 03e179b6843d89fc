using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Samtale.Web.Data;

namespace Samtale.Web.Features.Encryption;

/// <summary>An encrypted value and the data key that encrypted it.</summary>
public readonly record struct Sealed(Guid KeyId, byte[] Blob);

/// <summary>
/// Encrypts message bodies and attachment bytes with AES-256-GCM under the municipality's current data
/// key. The associated data binds each ciphertext to the row it belongs to, so a body copied into another
/// row does not decrypt.
/// </summary>
public sealed class ContentCipher(IServiceScopeFactory scopes, MasterKeys masterKeys, TimeProvider clock) : IDisposable
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    // Unwrapped data keys, by id; the current key per municipality. Both live only in memory.
    private readonly ConcurrentDictionary<Guid, byte[]> _keys = new();
    private readonly ConcurrentDictionary<Guid, (Guid KeyId, DateTimeOffset Until)> _current = new();

    // Another app node may rotate a key; each node picks the new one up within this time.
    private static readonly TimeSpan CurrentKeyTtl = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _creating = new(1, 1);

    public async Task<Sealed> SealAsync(Guid tenantId, ReadOnlyMemory<byte> plaintext, ReadOnlyMemory<byte> associatedData, CancellationToken ct)
    {
        var keyId = await CurrentKeyIdAsync(tenantId, ct);
        var blob = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = blob.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var gcm = new AesGcm(_keys[keyId], TagSize);
        gcm.Encrypt(nonce, plaintext.Span, blob.AsSpan(NonceSize, plaintext.Length), blob.AsSpan(NonceSize + plaintext.Length), associatedData.Span);
        return new Sealed(keyId, blob);
    }

    public async Task<byte[]> OpenAsync(Sealed value, ReadOnlyMemory<byte> associatedData, CancellationToken ct)
    {
        var key = await KeyAsync(value.KeyId, ct);
        var length = value.Blob.Length - NonceSize - TagSize;
        var plaintext = new byte[length];
        using var gcm = new AesGcm(key, TagSize);
        gcm.Decrypt(value.Blob.AsSpan(0, NonceSize), value.Blob.AsSpan(NonceSize, length), value.Blob.AsSpan(NonceSize + length), plaintext, associatedData.Span);
        return plaintext;
    }

    /// <summary>
    /// Starts a new data key for a municipality. Content sealed before keeps its old key id and stays
    /// readable; everything sealed after uses the new key. Safe while the server runs.
    /// </summary>
    public async Task<Guid> RotateAsync(Guid tenantId, CancellationToken ct)
    {
        await _creating.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await db.TenantDataKeys.IgnoreQueryFilters().Where(k => k.TenantId == tenantId && k.RetiredAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(k => k.RetiredAt, clock.GetUtcNow().UtcDateTime), ct);
            var id = await CreateKeyAsync(db, tenantId, ct);
            _current[tenantId] = (id, clock.GetUtcNow() + CurrentKeyTtl);
            return id;
        }
        finally
        {
            _creating.Release();
        }
    }

    private async Task<Guid> CurrentKeyIdAsync(Guid tenantId, CancellationToken ct)
    {
        if (_current.TryGetValue(tenantId, out var cached) && cached.Until > clock.GetUtcNow())
        {
            return cached.KeyId;
        }

        await _creating.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var active = await db.TenantDataKeys.IgnoreQueryFilters().AsNoTracking()
                .Where(k => k.TenantId == tenantId && k.RetiredAt == null)
                .OrderByDescending(k => k.CreatedAt).FirstOrDefaultAsync(ct);
            var id = active is null ? await CreateKeyAsync(db, tenantId, ct) : Remember(active);
            _current[tenantId] = (id, clock.GetUtcNow() + CurrentKeyTtl);
            return id;
        }
        finally
        {
            _creating.Release();
        }
    }

    private async Task<byte[]> KeyAsync(Guid keyId, CancellationToken ct)
    {
        if (_keys.TryGetValue(keyId, out var key))
        {
            return key;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var row = await db.TenantDataKeys.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(k => k.Id == keyId, ct)
            ?? throw new CryptographicException($"Data key {keyId} does not exist.");
        Remember(row);
        return _keys[keyId];
    }

    private async Task<Guid> CreateKeyAsync(AppDbContext db, Guid tenantId, CancellationToken ct)
    {
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var row = new TenantDataKey
        {
            TenantId = tenantId,
            MasterKeyId = masterKeys.CurrentId,
            WrappedKey = Wrap(masterKeys.Current, dataKey, tenantId),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.TenantDataKeys.Add(row);
        await db.SaveChangesAsync(ct);
        _keys[row.Id] = dataKey;
        return row.Id;
    }

    private Guid Remember(TenantDataKey row)
    {
        _keys.TryAdd(row.Id, Unwrap(masterKeys.Get(row.MasterKeyId), row.WrappedKey, row.TenantId));
        return row.Id;
    }

    // The municipality's id is the associated data, so a wrapped key moved to another municipality's row fails.
    private static byte[] Wrap(byte[] masterKey, byte[] dataKey, Guid tenantId)
    {
        var blob = new byte[NonceSize + dataKey.Length + TagSize];
        RandomNumberGenerator.Fill(blob.AsSpan(0, NonceSize));
        using var gcm = new AesGcm(masterKey, TagSize);
        gcm.Encrypt(blob.AsSpan(0, NonceSize), dataKey, blob.AsSpan(NonceSize, dataKey.Length), blob.AsSpan(NonceSize + dataKey.Length), tenantId.ToByteArray());
        return blob;
    }

    private static byte[] Unwrap(byte[] masterKey, byte[] blob, Guid tenantId)
    {
        var dataKey = new byte[blob.Length - NonceSize - TagSize];
        using var gcm = new AesGcm(masterKey, TagSize);
        gcm.Decrypt(blob.AsSpan(0, NonceSize), blob.AsSpan(NonceSize, dataKey.Length), blob.AsSpan(NonceSize + dataKey.Length), dataKey, tenantId.ToByteArray());
        return dataKey;
    }

    public void Dispose() => _creating.Dispose();
}
