using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.SignalR.Client;
using Samtale.Web.Features.Messaging;

namespace Samtale.Tests.Infrastructure;

/// <summary>
/// A real SignalR client on /hubs/chat, signed in with a browser's session cookie: what the chat page's
/// script does, seen from the test. It keeps every pushed message and says when the server closed it.
/// </summary>
public sealed class ChatConnection : IAsyncDisposable
{
    /// <summary>Long enough for a loaded CI machine; a push that is due arrives in milliseconds.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly Channel<MessageView> _received = Channel.CreateUnbounded<MessageView>();
    private readonly Channel<Markers> _markers = Channel.CreateUnbounded<Markers>();
    private readonly TaskCompletionSource<Exception?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChatConnection(HubConnection hub)
    {
        Hub = hub;
        hub.On<MessageView>(nameof(IChatClient.MessageReceived), m => _received.Writer.TryWrite(m));
        hub.On<Guid, Markers>(nameof(IChatClient.MarkersMoved), (_, m) => _markers.Writer.TryWrite(m));
        hub.Closed += e =>
        {
            _closed.TrySetResult(e);
            return Task.CompletedTask;
        };
    }

    public HubConnection Hub { get; }

    /// <summary>Completes when the connection ends, with the error the client saw, if any.</summary>
    public Task<Exception?> Closed => _closed.Task;

    /// <summary>Connects through the in-memory test server (long polling), with the browser's cookies.</summary>
    public static Task<ChatConnection> OpenAsync(ProductApp app, HttpClient browser)
    {
        var cookies = app.CookiesOf(browser);
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(ProductApp.BaseAddress, "/hubs/chat"), HttpTransportType.LongPolling, o =>
            {
                o.HttpMessageHandlerFactory = _ => new CookieContainerHandler(cookies) { InnerHandler = app.Server.CreateHandler() };
            })
            .Build();
        return StartAsync(hub);
    }

    /// <summary>
    /// Connects through the in-memory test server over a WebSocket, as browsers do: one long-lived
    /// connection whose calls carry no cookie of their own, so only the server's own rechecks guard it.
    /// </summary>
    public static Task<ChatConnection> OpenWebSocketAsync(ProductApp app, HttpClient browser)
    {
        var cookieHeader = app.CookiesOf(browser).GetCookieHeader(ProductApp.BaseAddress);
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(ProductApp.BaseAddress, "/hubs/chat"), HttpTransportType.WebSockets, o =>
            {
                o.SkipNegotiation = true;
                o.WebSocketFactory = async (context, ct) =>
                {
                    var client = app.Server.CreateWebSocketClient();
                    client.ConfigureRequest = request => request.Headers.Cookie = cookieHeader;
                    return await client.ConnectAsync(context.Uri, ct);
                };
            })
            .Build();
        return StartAsync(hub);
    }

    /// <summary>Connects over the network to a server in a process of its own, over WebSockets.</summary>
    public static Task<ChatConnection> OpenAsync(Uri server, string cookieHeader)
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "/hubs/chat"), HttpTransportType.WebSockets, o =>
            {
                o.SkipNegotiation = true;
                o.Headers["Cookie"] = cookieHeader;
            })
            .Build();
        return StartAsync(hub);
    }

    public Task<MessageAck> SendAsync(Guid conversationId, string clientKey, string text) =>
        Hub.InvokeAsync<MessageAck>(nameof(ChatHub.Send), new SendMessage(conversationId, clientKey, text));

    public Task MarkReadAsync(Guid conversationId, long upTo) => Hub.InvokeAsync(nameof(ChatHub.MarkRead), conversationId, upTo);

    public Task MarkDeliveredAsync(Guid conversationId, long upTo) => Hub.InvokeAsync(nameof(ChatHub.MarkDelivered), conversationId, upTo);

    /// <summary>The next message the server pushed; fails the test if none comes.</summary>
    public Task<MessageView> NextAsync() => NextAsync(_received, "message");

    /// <summary>The next delivered/read markers the server pushed; fails the test if none come.</summary>
    public Task<Markers> NextMarkersAsync() => NextAsync(_markers, "markers");

    /// <summary>Every message pushed so far and not yet taken with <see cref="NextAsync"/>.</summary>
    public List<MessageView> Drain()
    {
        var all = new List<MessageView>();
        while (_received.Reader.TryRead(out var m))
        {
            all.Add(m);
        }

        return all;
    }

    /// <summary>True when the server closes the connection within the patience time.</summary>
    public async Task<bool> ClosesAsync() => await Task.WhenAny(Closed, Task.Delay(Patience)) == Closed;

    public ValueTask DisposeAsync() => Hub.DisposeAsync();

    private static async Task<T> NextAsync<T>(Channel<T> channel, string what)
    {
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            return await channel.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"No {what} pushed within {Patience.TotalSeconds} s.");
            throw;
        }
    }

    private static async Task<ChatConnection> StartAsync(HubConnection hub)
    {
        var connection = new ChatConnection(hub);
        try
        {
            await hub.StartAsync();
        }
        catch
        {
            await hub.DisposeAsync();
            throw;
        }

        // The handshake completes before the server has run OnConnectedAsync (which joins the person's
        // group); calls are dispatched only after it. One round trip therefore means "pushes reach me now".
        // The call itself is refused (no such conversation), and a refused connection fails it too.
        try
        {
            await hub.InvokeAsync(nameof(ChatHub.MarkDelivered), Guid.Empty, 0L);
        }
        catch (Exception)
        {
        }

        return connection;
    }
}
