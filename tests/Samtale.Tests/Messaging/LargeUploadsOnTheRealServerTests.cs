using System.Net;
using System.Net.Http.Headers;
using Samtale.Tests.Infrastructure;

namespace Samtale.Tests.Messaging;

/// <summary>
/// Oversized uploads against the product as it runs in production, on Kestrel over a real socket, where
/// the request size limits are enforced by the server itself (the in-memory test server has none).
/// The limit is set to 1 MB so that "over the limit" stays cheap.
/// </summary>
public sealed class LargeUploadsOnTheRealServerTests(LargeUploadsOnTheRealServerTests.Server server) : IClassFixture<LargeUploadsOnTheRealServerTests.Server>
{
    [Fact]
    public async Task Upload_DeclaringOneGigabyte_IsRefusedWith413WithoutTheBodyBeingSent()
    {
        using var phone = PhoneWaitingForContinue();
        var body = new RefusingStream(allowedBytes: 0);
        var content = new StreamContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");
        content.Headers.ContentLength = 1L << 30;
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/conversations/{server.World.ConversationId}/attachments") { Content = content };
        request.Headers.ExpectContinue = true;

        var response = await phone.SendAsync(request);

        await HttpAssert.StatusAsync(HttpStatusCode.RequestEntityTooLarge, response);
        Assert.Equal(0, body.BytesRead);
    }

    [Fact]
    public async Task ChunkedUpload_OverTheLimit_IsRefusedWith413AndStoresNothing()
    {
        using var phone = server.World.Browser(server.World.LivasCookie);
        var pdf = SampleFiles.Pdf("for stor").Concat(new byte[3 * 1024 * 1024]).ToArray();
        var content = new StreamContent(new MemoryStream(await Uploads.Form(pdf, "for-stor.pdf", "for-stor").ReadAsByteArrayAsync()));
        content.Headers.ContentType = Uploads.Form([], "x", "x").Headers.ContentType;
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/conversations/{server.World.ConversationId}/attachments") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await phone.SendAsync(request);

        await HttpAssert.StatusAsync(HttpStatusCode.RequestEntityTooLarge, response);
        Assert.DoesNotContain(await Chat.HistoryAsync(phone, server.World.ConversationId), m => m.ClientKey == "for-stor");
    }

    [Fact]
    public async Task Upload_JustUnderTheLimit_IsAccepted()
    {
        using var phone = server.World.Browser(server.World.LivasCookie);
        var head = SampleFiles.Pdf("lige under");
        var pdf = head.Concat(new byte[(1024 * 1024) - head.Length]).ToArray();

        var response = await Uploads.SendAsync(phone, server.World.ConversationId, pdf, "lige-under.pdf");

        await HttpAssert.StatusAsync(HttpStatusCode.Created, response);
    }

    // Waits as long as it takes for "100 Continue" before sending a body (the default is one second, after
    // which HttpClient sends anyway): the body is sent only if the server asks for it.
    private HttpClient PhoneWaitingForContinue()
    {
        var handler = new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(1), UseCookies = false };
        var client = new HttpClient(handler) { BaseAddress = server.World.Server.Address };
        client.DefaultRequestHeaders.Add("Cookie", server.World.LivasCookie);
        return client;
    }

    public sealed class Server : IAsyncLifetime
    {
        public AnnaAndLivaOnARealServer World { get; private set; } = null!;

        public async ValueTask InitializeAsync() =>
            World = await AnnaAndLivaOnARealServer.StartAsync(new Dictionary<string, string> { ["Attachments:MaxMegabytes"] = "1" });

        public async ValueTask DisposeAsync()
        {
            if (World is not null)
            {
                await World.DisposeAsync();
            }
        }
    }
}
