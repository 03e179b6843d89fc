using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Samtale.Web.Features.Encryption;

/// <summary>The master keys from configuration or a key file. They wrap the per-municipality data keys.</summary>
public sealed class MasterKeys
{
    private readonly Dictionary<string, byte[]> _byId = [];

    public MasterKeys(IOptions<EncryptionOptions> options, IHostEnvironment environment, ILogger<MasterKeys> log)
    {
        var o = options.Value;
        var current = o.MasterKey is { Length: > 0 } inline ? Decode(inline, "Encryption:MasterKey")
            : o.MasterKeyFile is { Length: > 0 } file ? Decode(File.ReadAllText(ResolvePath(file, environment)).Trim(), file)
            : CreateDefaultKeyFile(environment, log);
        CurrentId = IdOf(current);
        _byId[CurrentId] = current;
        foreach (var previous in o.PreviousMasterKeys)
        {
            var key = Decode(previous, "Encryption:PreviousMasterKeys");
            _byId.TryAdd(IdOf(key), key);
        }
    }

    public string CurrentId { get; }

    public byte[] Current => _byId[CurrentId];

    public byte[] Get(string id) =>
        _byId.TryGetValue(id, out var key) ? key : throw new CryptographicException($"Master key {id} is not configured.");

    public static string IdOf(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key))[..16];

    private static byte[] Decode(string base64, string source)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"The master key in {source} is not base64.");
        }

        return key.Length == 32 ? key : throw new InvalidOperationException($"The master key in {source} must be 32 bytes.");
    }

    private static string ResolvePath(string path, IHostEnvironment environment) =>
        Path.IsPathRooted(path) ? path : Path.Combine(environment.ContentRootPath, path);

    // For the embedded default only: a key file next to the SQLite database, readable by the owner alone.
    // Production sets Encryption:MasterKey or Encryption:MasterKeyFile from a secret store.
    private static byte[] CreateDefaultKeyFile(IHostEnvironment environment, ILogger log)
    {
        var path = ResolvePath("data/master.key", environment);
        if (File.Exists(path))
        {
            return Decode(File.ReadAllText(path).Trim(), path);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = RandomNumberGenerator.GetBytes(32);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(path, options))
        {
            writer.Write(Convert.ToBase64String(key));
        }

        log.LogWarning("Created a master key file at {Path}; back it up with the database, or set Encryption:MasterKeyFile", path);
        return key;
    }
}
