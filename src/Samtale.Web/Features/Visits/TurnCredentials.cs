using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Samtale.Web.Features.Visits;

/// <summary>One entry of RTCConfiguration.iceServers.</summary>
public sealed record IceServer(string[] Urls, string? Username, string? Credential);

/// <summary>
/// Mints TURN REST credentials (draft-uberti-behave-turn-rest, coturn's <c>--use-auth-secret</c>): the user
/// name is "expiry:opaque id" and the password is base64(HMAC-SHA1(secret, user name)). coturn checks both
/// without asking us, and refuses the name once its expiry has passed. The opaque part is random, not a
/// person's id, so the relay's logs name nobody.
/// </summary>
public sealed class TurnCredentials(IOptions<TurnOptions> options, TimeProvider clock)
{
    public TurnOptions Options => options.Value;

    public IReadOnlyList<IceServer> Mint(TimeSpan? ttl = null)
    {
        var o = options.Value;
        if (o.Urls.Length == 0)
        {
            return [];
        }

        var expiry = clock.GetUtcNow().ToUnixTimeSeconds() + (long)(ttl ?? TimeSpan.FromSeconds(o.TtlSeconds)).TotalSeconds;
        var userName = $"{expiry}:{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}";
        var stun = o.Urls.Where(u => u.StartsWith("stun:", StringComparison.Ordinal)).ToArray();
        var turn = o.Urls.Except(stun).ToArray();
        var servers = new List<IceServer>();
        if (stun.Length > 0)
        {
            servers.Add(new IceServer(stun, null, null));
        }

        if (turn.Length > 0)
        {
            servers.Add(new IceServer(turn, userName, Credential(o.Secret!, userName)));
        }

        return servers;
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "The TURN REST scheme coturn checks is defined as HMAC-SHA1; the credential lives an hour.")]
    public static string Credential(string secret, string userName) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(userName)));
}
