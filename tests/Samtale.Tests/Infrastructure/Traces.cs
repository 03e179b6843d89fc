using System.Text;

namespace Samtale.Tests.Infrastructure;

/// <summary>
/// Looks for a secret in raw bytes in every form a careless store could leave it in: as UTF-8 or UTF-16
/// text, as hex (pg_dump writes bytea so), or as base64 at any of its three alignments.
/// </summary>
public static class Traces
{
    public static bool Contains(byte[] haystack, string secret) => FormsOf(Encoding.UTF8.GetBytes(secret))
        .Append((Form: "UTF-16", Bytes: Encoding.Unicode.GetBytes(secret)))
        .Any(f => haystack.AsSpan().IndexOf(f.Bytes) >= 0);

    public static bool Contains(byte[] haystack, byte[] secret) => FormsOf(secret).Any(f => haystack.AsSpan().IndexOf(f.Bytes) >= 0);

    public static void AssertAbsent(byte[] haystack, string secret, string what)
    {
        AssertAbsent(haystack, Encoding.UTF8.GetBytes(secret), what);
        Assert.False(haystack.AsSpan().IndexOf(Encoding.Unicode.GetBytes(secret)) >= 0, $"{what} is in the raw database as UTF-16 text");
    }

    public static void AssertAbsent(byte[] haystack, byte[] secret, string what)
    {
        foreach (var (form, bytes) in FormsOf(secret))
        {
            Assert.False(haystack.AsSpan().IndexOf(bytes) >= 0, $"{what} is in the raw database ({form})");
        }
    }

    private static IEnumerable<(string Form, byte[] Bytes)> FormsOf(byte[] secret)
    {
        yield return ("as is", secret);
        yield return ("hex", Encoding.ASCII.GetBytes(Convert.ToHexStringLower(secret)));
        yield return ("HEX", Encoding.ASCII.GetBytes(Convert.ToHexString(secret)));
        for (var skip = 0; skip < 3; skip++)
        {
            var whole = (secret.Length - skip) / 3 * 3;
            if (whole >= 12)
            {
                yield return ($"base64+{skip}", Encoding.ASCII.GetBytes(Convert.ToBase64String(secret, skip, whole)));
            }
        }
    }
}
