using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Samtale.Tests.Infrastructure;
using Samtale.Web.Features.Visits;

namespace Samtale.Tests.Visits;

/// <summary>Each party of a call gets its own short-lived TURN credential in the TURN REST scheme coturn checks.</summary>
public sealed class TurnCredentialTests
{
    private const string Secret = "turn-secret-for-the-tests-0123456789";

    [Fact]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "The TURN REST scheme is HMAC-SHA1; the test recomputes it as coturn does.")]
    public async Task CallParties_EachGetAFreshCredentialThatCoturnWouldAccept_ForTheConfiguredTime()
    {
        await using var app = await ProductApp.StartAsync(new Dictionary<string, string?>
        {
            ["Turn:Urls:0"] = "turn:turn.nordby.test:3478?transport=udp",
            ["Turn:Urls:1"] = "stun:turn.nordby.test:3478",
            ["Turn:Secret"] = Secret,
            ["Turn:TtlSeconds"] = "1800",
            ["Turn:RelayOnly"] = "true",
        });
        var w = await TwoMunicipalities.CreateAsync(app);
        await using var anna = await w.ConnectAsync("staff");
        await using var liva = await w.ConnectAsync("citizen");

        var caller = await anna.RingAsync(w.Liva.Id);
        await liva.NextAsync();
        var callee = await liva.AcceptAsync(caller.CallId);

        foreach (var ticket in new[] { caller, callee })
        {
            Assert.Equal("relay", ticket.IceTransportPolicy);
            Assert.Equal(["stun:turn.nordby.test:3478"], ticket.IceServers[0].Urls);
            var turn = ticket.IceServers[1];
            Assert.Equal(["turn:turn.nordby.test:3478?transport=udp"], turn.Urls);
            var expiry = long.Parse(turn.Username!.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(ProductApp.StartTime.ToUnixTimeSeconds() + 1800, expiry);
            Assert.Equal(Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(turn.Username))), turn.Credential);
            Assert.DoesNotContain(w.Liva.Id.ToString("N"), turn.Username, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(w.Anna.Id.ToString("N"), turn.Username, StringComparison.OrdinalIgnoreCase);
        }

        Assert.NotEqual(caller.IceServers[1].Username, callee.IceServers[1].Username);
    }

    [Fact]
    public void TurnUrlsWithoutASecret_AreRefusedAtStart()
    {
        var options = new TurnOptions { Urls = ["turn:turn.nordby.test:3478"] };

        var errors = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        Assert.False(System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), errors, validateAllProperties: true));
        Assert.Contains(errors, e => e.MemberNames.Contains(nameof(TurnOptions.Secret)));
    }

    [Fact]
    public void NoTurnConfigured_MintsNothing()
    {
        var mint = new TurnCredentials(Options.Create(new TurnOptions()), TimeProvider.System);

        Assert.Empty(mint.Mint());
    }
}
