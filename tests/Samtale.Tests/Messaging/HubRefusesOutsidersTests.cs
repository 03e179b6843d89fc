using Samtale.Tests.Infrastructure;

namespace Samtale.Tests.Messaging;

/// <summary>
/// Everyone who is not a party to Liva's conversation with Anna, connected to the hub with a valid session
/// of their own, names that conversation in every hub method: each call is refused and nothing changes.
/// </summary>
public sealed class HubRefusesOutsidersTests(SharedTwoMunicipalities shared) : IClassFixture<SharedTwoMunicipalities>
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
        "system-admin",
    };

    [Theory]
    [MemberData(nameof(Outsiders))]
    public async Task Outsider_SendingToLivasConversation_IsRefusedAndNothingIsStored(string outsider)
    {
        await using var hub = await ConnectAsync(outsider);
        var before = await DbSnapshot.TakeAsync(World.App);

        await HubAssert.RefusedAsync("not-found", () => hub.SendAsync(World.LivaConversationId, Guid.NewGuid().ToString("N"), "Hej Liva, det er mig"));

        Assert.Equal(before, await DbSnapshot.TakeAsync(World.App));
    }

    [Theory]
    [MemberData(nameof(Outsiders))]
    public async Task Outsider_MarkingLivasConversationReadOrDelivered_IsRefusedAndMovesNoMarker(string outsider)
    {
        await using var hub = await ConnectAsync(outsider);
        var before = await DbSnapshot.TakeAsync(World.App);

        await HubAssert.RefusedAsync("not-found", () => hub.MarkReadAsync(World.LivaConversationId, long.MaxValue));
        await HubAssert.RefusedAsync("not-found", () => hub.MarkDeliveredAsync(World.LivaConversationId, long.MaxValue));

        Assert.Equal(before, await DbSnapshot.TakeAsync(World.App));
    }

    [Theory]
    [InlineData("citizen")]
    [InlineData("staff")]
    public async Task Party_NamingAConversationThatDoesNotExist_IsRefused(string party)
    {
        await using var hub = await ConnectAsync(party);
        var before = await DbSnapshot.TakeAsync(World.App);
        var forged = Guid.CreateVersion7();

        await HubAssert.RefusedAsync("not-found", () => hub.SendAsync(forged, "forfalsket", "Hej"));
        await HubAssert.RefusedAsync("not-found", () => hub.MarkReadAsync(forged, 1));

        Assert.Equal(before, await DbSnapshot.TakeAsync(World.App));
    }

    private async Task<ChatConnection> ConnectAsync(string caller)
    {
        var browser = caller switch
        {
            "unlinked-citizen" => (await World.App.SignInCitizenAsync(await World.App.CreateCitizenAsync(World.Nordby, "Uden Forbindelse"))).Client,
            "other-municipality-citizen" => (await World.App.SignInCitizenAsync(World.Mikkel)).Client,
            _ => World.Clients[caller],
        };
        return await ChatConnection.OpenAsync(World.App, browser);
    }
}
