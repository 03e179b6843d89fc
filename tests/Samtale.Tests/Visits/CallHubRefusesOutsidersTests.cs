using Samtale.Tests.Infrastructure;

namespace Samtale.Tests.Visits;

/// <summary>
/// Everyone outside a call, and everyone outside a link, with a valid session of their own: rings to
/// people they are not linked to, signalling into a call they are not part of, forged call ids and
/// oversized or flooding signalling are all refused, no record is written and no party hears a thing.
/// </summary>
public sealed class CallHubRefusesOutsidersTests(SharedTwoMunicipalities shared) : IClassFixture<SharedTwoMunicipalities>
{
    private TwoMunicipalities World => shared.World;

    public static readonly TheoryData<string> Outsiders = new()
    {
        "unlinked-citizen",
        "other-citizen",
        "other-municipality-citizen",
        "team-lead",
        "other-municipality-staff",
        "municipality-admin",
        "auditor",
    };

    [Theory]
    [InlineData("unlinked-citizen")]
    [InlineData("other-citizen")]
    [InlineData("other-municipality-citizen")]
    public async Task CitizenWithoutALink_RingingAnna_IsRefusedAndNothingRingsOrIsStored(string caller)
    {
        await using var anna = await World.ConnectAsync("staff");
        await using var outsider = await ConnectAsync(caller);
        var before = await DbSnapshot.TakeAsync(World.App);

        await HubAssert.RefusedAsync("not-found", () => outsider.RingAsync(World.Anna.Id));

        Assert.Equal(before, await DbSnapshot.TakeAsync(World.App));
        Assert.Empty(anna.Drain());
    }

    [Theory]
    [InlineData("team-lead")]
    [InlineData("other-municipality-staff")]
    [InlineData("municipality-admin")]
    [InlineData("auditor")]
    [InlineData("system-admin")]
    public async Task StaffWithoutALink_RingingLiva_IsRefusedAndNothingRingsOrIsStored(string caller)
    {
        await using var liva = await World.ConnectAsync("citizen");
        await using var outsider = await ConnectAsync(caller);
        var before = await DbSnapshot.TakeAsync(World.App);

        await HubAssert.RefusedAsync("not-found", () => outsider.RingAsync(World.Liva.Id));
        await HubAssert.RefusedAsync("not-found", () => outsider.RingAsync(World.Mikkel.Id));

        Assert.Equal(before, await DbSnapshot.TakeAsync(World.App));
        Assert.Empty(liva.Drain());
    }

    [Theory]
    [MemberData(nameof(Outsiders))]
    public async Task Outsider_SignallingIntoAnnasCallWithLiva_IsRefusedAndNeitherPartyHearsIt(string caller)
    {
        var (anna, liva, callId) = await World.AnsweredCallAsync();
        await using (anna)
        await using (liva)
        await using (var outsider = await ConnectAsync(caller))
        {
            await HubAssert.RefusedAsync("not-found", () => outsider.OfferAsync(callId, "v=0 injected"));
            await HubAssert.RefusedAsync("not-found", () => outsider.AnswerAsync(callId, "v=0 injected"));
            await HubAssert.RefusedAsync("not-found", () => outsider.IceAsync(callId, "{\"candidate\":\"injected\"}"));
            await HubAssert.RefusedAsync("not-found", () => outsider.AcceptAsync(callId));
            await HubAssert.RefusedAsync("not-found", () => outsider.DeclineAsync(callId));
            await HubAssert.RefusedAsync("not-found", () => outsider.HangUpAsync(callId));

            // The parties' next events are their own: nothing the outsider sent got through.
            await anna.OfferAsync(callId, "v=0 genuine");
            Assert.Equal($"Offer {callId} v=0 genuine", await liva.NextAsync());
            await anna.HangUpAsync(callId);
            Assert.Equal($"Ended {callId} completed", await liva.NextAsync());
            Assert.Empty(anna.Drain());
        }
    }

    [Fact]
    public async Task Parties_NamingAForgedCallId_AreRefused()
    {
        var (anna, liva, callId) = await World.AnsweredCallAsync();
        await using (anna)
        await using (liva)
        {
            var forged = Guid.CreateVersion7();
            await HubAssert.RefusedAsync("not-found", () => anna.OfferAsync(forged, "v=0"));
            await HubAssert.RefusedAsync("not-found", () => liva.AcceptAsync(forged));
            await HubAssert.RefusedAsync("not-found", () => liva.IceAsync(forged, "{}"));
            await HubAssert.RefusedAsync("not-found", () => anna.HangUpAsync(forged));
            await anna.HangUpAsync(callId);
        }
    }

    [Fact]
    public async Task Party_SendingOversizedSdpOrIce_IsRefusedAndNothingIsRelayed()
    {
        var (anna, liva, callId) = await World.AnsweredCallAsync();
        await using (anna)
        await using (liva)
        {
            await HubAssert.RefusedAsync("sdp-too-large", () => anna.OfferAsync(callId, "v=0 " + new string('a', Samtale.Web.Features.Visits.CallHub.MaxSdpLength)));
            await HubAssert.RefusedAsync("sdp-too-large", () => liva.AnswerAsync(callId, "v=0 " + new string('a', Samtale.Web.Features.Visits.CallHub.MaxSdpLength)));
            await HubAssert.RefusedAsync("ice-too-large", () => liva.IceAsync(callId, new string('c', Samtale.Web.Features.Visits.CallHub.MaxIceLength + 1)));

            await anna.HangUpAsync(callId);
            Assert.Equal($"Ended {callId} completed", await liva.NextAsync());
        }
    }

    [Fact]
    public async Task FrameLargerThanTheHubAllows_ClosesTheSendersConnection()
    {
        var (anna, liva, callId) = await World.AnsweredCallAsync();
        await using (anna)
        await using (liva)
        {
            await HubAssert.FailsAsync(() => anna.OfferAsync(callId, new string('a', 64 * 1024)));

            Assert.True(await anna.ClosesAsync());
            Assert.Equal($"Ended {callId} completed", await liva.NextAsync());
        }
    }

    [Fact]
    public async Task Party_FloodingIceCandidates_IsCutOffByTheRateLimit()
    {
        var (anna, liva, callId) = await World.AnsweredCallAsync();
        await using (anna)
        await using (liva)
        {
            var refused = 0;
            for (var i = 0; i < 200; i++)
            {
                try
                {
                    await liva.IceAsync(callId, $"{{\"candidate\":\"{i}\"}}");
                }
                catch (Microsoft.AspNetCore.SignalR.HubException e) when (e.Message.Contains("rate-limited", StringComparison.Ordinal))
                {
                    refused++;
                }
            }

            Assert.InRange(refused, 100, 200 - (int)Samtale.Web.Features.Visits.SignalBudget.Capacity + 5);
            await anna.HangUpAsync(callId);
        }
    }

    private async Task<CallConnection> ConnectAsync(string caller)
    {
        var browser = caller switch
        {
            "unlinked-citizen" => (await World.App.SignInCitizenAsync(await World.App.CreateCitizenAsync(World.Nordby, "Uden Forbindelse"))).Client,
            "other-municipality-citizen" => (await World.App.SignInCitizenAsync(World.Mikkel)).Client,
            _ => World.Clients[caller],
        };
        return await CallConnection.OpenAsync(World.App, browser);
    }
}
