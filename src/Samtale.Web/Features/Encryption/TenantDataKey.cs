using Samtale.Web.Features.Tenancy;

namespace Samtale.Web.Features.Encryption;

/// <summary>
/// A municipality's data key, stored only wrapped (AES-GCM) by a master key that never enters the
/// database. New content uses the newest active key; retired keys still decrypt what they encrypted.
/// </summary>
public sealed class TenantDataKey : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    /// <summary>Which master key wrapped it: the first 16 hex digits of the master key's SHA-256.</summary>
    public required string MasterKeyId { get; set; }

    /// <summary>nonce (12) | ciphertext (32) | tag (16).</summary>
    public required byte[] WrappedKey { get; set; }

    public DateTime CreatedAt { get; init; }

    public DateTime? RetiredAt { get; set; }
}
