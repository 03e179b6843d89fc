using System.Net;
using Microsoft.AspNetCore.SignalR.Client;
using Samtale.Tests.Infrastructure;

namespace Samtale.Tests.Messaging;

/// <summary>
/// Access that ends while the chat is open: a revoked phone, "sign out everywhere", a removed link. The open
/// connection closes at once, not at its next call, and nothing more reaches it.
/// </summary>
public sealed class LiveRevocationTests
{
    [Fact]
    public async Task RevokedDevice_OpenConnection_IsClosedAtOnceAndReceivesNothingMore()
    {
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        var (tabletBrowser, _) = await app.SignInCitizenAsync(w.Liva);
        await using var lostPhone = await ChatConnection.OpenAsync(app, w.LivasPhone);
        await using var tablet = await ChatConnection.OpenAsync(app, tabletBrowser);
        await using var anna = await ChatConnection.OpenAsync(app, w.AnnasBrowser);

        await HttpAssert.StatusAsync(HttpStatusCode.NoContent, await w.Admin.PostAsync($"/api/admin/devices/{w.LivasPhoneId}/revoke", null));

        Assert.True(await lostPhone.ClosesAsync(), "the revoked phone's connection stayed open");
        var ack = await anna.SendAsync(w.ConversationId, "efter-spaerring", "Fortroligt svar efter spærringen");
        Assert.Equal(ack.MessageId, (await tablet.NextAsync()).Id);
        Assert.Empty(lostPhone.Drain());
        Assert.Equal(HubConnectionState.Connected, tablet.Hub.State);
        await HubAssert.FailsAsync(() => lostPhone.SendAsync(w.ConversationId, "fra-mistet-telefon", "Hej"));
        var reconnect = await Assert.ThrowsAsync<HttpRequestException>(() => ChatConnection.OpenAsync(app, w.LivasPhone));
        Assert.Equal(HttpStatusCode.Unauthorized, reconnect.StatusCode);
        Assert.DoesNotContain(await w.StoredAsync(), m => m.ClientKey == "fra-mistet-telefon");
    }

    [Fact]
    public async Task SignOutEverywhere_StaffMembersOpenConnections_AreClosedAtOnce()
    {
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        await using var annasLaptop = await ChatConnection.OpenAsync(app, w.AnnasBrowser);
        await using var annasPhone = await ChatConnection.OpenAsync(app, await app.SignInStaffAsync("anna"));
        await using var admin = await ChatConnection.OpenAsync(app, w.Admin);
        await using var liva = await ChatConnection.OpenAsync(app, w.LivasPhone);

        var response = await Forms.SubmitAsync(w.AnnasBrowser, "/Accounts/Sessions", "EndAll", []);

        await HttpAssert.StatusAsync(HttpStatusCode.Redirect, response);
        Assert.True(await annasLaptop.ClosesAsync(), "the laptop's connection stayed open");
        Assert.True(await annasPhone.ClosesAsync(), "the phone's connection stayed open");
        await liva.SendAsync(w.ConversationId, "efter-log-ud", "Er du der?");
        Assert.Empty(annasLaptop.Drain());
        Assert.Empty(annasPhone.Drain());
        Assert.Equal(HubConnectionState.Connected, admin.Hub.State);
        await HubAssert.FailsAsync(() => annasLaptop.SendAsync(w.ConversationId, "efter-log-ud-anna", "Ja"));
    }

    [Fact]
    public async Task RemovedLink_CitizensConnection_IsClosedAndTheirNextSendIsRefused()
    {
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        await using var liva = await ChatConnection.OpenAsync(app, w.LivasPhone);
        await using var anna = await ChatConnection.OpenAsync(app, w.AnnasBrowser);
        await liva.SendAsync(w.ConversationId, "foer", "Før afbrydelsen");

        await HttpAssert.StatusAsync(HttpStatusCode.NoContent, await w.Admin.DeleteAsync($"/api/admin/links/{w.Link.Id}"));

        Assert.True(await liva.ClosesAsync(), "the citizen's connection stayed open after unlinking");
        await using var livaAgain = await ChatConnection.OpenAsync(app, w.LivasPhone);
        var before = await DbSnapshot.TakeAsync(app);
        await HubAssert.RefusedAsync("not-found", () => livaAgain.SendAsync(w.ConversationId, "efter", "Efter afbrydelsen"));
        await HubAssert.RefusedAsync("not-found", () => livaAgain.MarkReadAsync(w.ConversationId, long.MaxValue));
        await HubAssert.RefusedAsync("not-found", () => anna.SendAsync(w.ConversationId, "anna-efter", "Hej igen"));
        Assert.Equal(before, await DbSnapshot.TakeAsync(app));
        Assert.Empty(await Chat.InboxAsync(w.LivasPhone));
        await HttpAssert.StatusAsync(HttpStatusCode.NotFound, await w.LivasPhone.GetAsync($"/api/conversations/{w.ConversationId}/messages"));
    }
}
