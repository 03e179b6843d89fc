namespace Samtale.Web.Features.Encryption;

public sealed class EncryptionOptions
{
    public const string Section = "Encryption";

    /// <summary>
    /// The current master key, base64 of 32 random bytes. When neither this nor <see cref="MasterKeyFile"/>
    /// is set, Samtale creates a key file under the data folder on first start.
    /// </summary>
    public string? MasterKey { get; set; }

    /// <summary>A file holding the base64 master key (a mounted secret in production).</summary>
    public string? MasterKeyFile { get; set; }

    /// <summary>Earlier master keys, still needed to unwrap data keys made under them until rewrapped.</summary>
    public List<string> PreviousMasterKeys { get; set; } = [];
}
