using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Samtale.Bench;

/// <summary>
/// The least a signalling server can be: a WebSocket endpoint in the driver that passes each text frame
/// from side "a" to side "b" and back, unchanged. No sign-in, no hub protocol, no call records. The
/// call-setup benchmark signals a two-page bare call through it, to separate what any server hop between
/// two browser tabs costs from what Samtale's signalling adds on top.
/// </summary>
internal sealed class PlainRelay : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Dictionary<string, WebSocket> _sides = [];
    private readonly Lock _lock = new();

    private PlainRelay(WebApplication app)
    {
        _app = app;
    }

    /// <summary>ws://127.0.0.1:port/</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>http://127.0.0.1:port/page, a blank page on the relay's own origin.</summary>
    public Uri Page { get; private set; } = null!;

    public static async Task<PlainRelay> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var relay = new PlainRelay(app);
        app.UseWebSockets();
        app.Map("/relay/{side}", relay.HandleAsync);

        // The two pages load from here: same origin as the socket, so Chromium's local-network-access
        // check (which blocks a page on one loopback port from opening a socket to another) does not apply.
        app.MapGet("/page", () => Results.Content("<!doctype html><title>plain relay</title>", "text/html"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        relay.Address = new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal));
        relay.Page = new Uri(new Uri(address), "/page");
        return relay;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context, string side)
    {
        if (!context.WebSockets.IsWebSocketRequest || side is not ("a" or "b"))
        {
            context.Response.StatusCode = 400;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        lock (_lock)
        {
            _sides[side] = socket;
        }

        var other = side == "a" ? "b" : "a";
        var buffer = new byte[64 * 1024];
        while (socket.State == WebSocketState.Open)
        {
            var length = 0;
            ValueWebSocketReceiveResult received;
            do
            {
                received = await socket.ReceiveAsync(buffer.AsMemory(length), context.RequestAborted);
                length += received.Count;
            }
            while (!received.EndOfMessage && received.MessageType != WebSocketMessageType.Close);

            if (received.MessageType == WebSocketMessageType.Close)
            {
                break;
            }

            WebSocket? to;
            lock (_lock)
            {
                _sides.TryGetValue(other, out to);
            }

            if (to is { State: WebSocketState.Open })
            {
                // One send at a time per socket: the two directions have their own reader, so a frame to
                // one side is written only by the other side's loop.
                await to.SendAsync(buffer.AsMemory(0, length), WebSocketMessageType.Text, true, context.RequestAborted);
            }
        }

        lock (_lock)
        {
            if (_sides.TryGetValue(side, out var mine) && mine == socket)
            {
                _sides.Remove(side);
            }
        }

        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
    }
}
