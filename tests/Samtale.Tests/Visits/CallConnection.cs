using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.SignalR.Client;
using Samtale.Tests.Infrastructure;
using Samtale.Web.Features.Visits;

namespace Samtale.Tests.Visits;

/// <summary>
/// A real SignalR client on /hubs/calls with a browser's session cookie: what call.js does, seen from the
/// test. Everything the server pushes is kept, in order, as "Event callId payload" lines.
/// </summary>
public sealed class CallConnection : IAsyncDisposable
{
    private readonly Channel<string> _events = Channel.CreateUnbounded<string>();
    private readonly TaskCompletionSource<Exception?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private CallConnection(HubConnection hub)
    {
        Hub = hub;
        hub.On<IncomingCall>(nameof(ICallClient.Ringing), c => Push($"Ringing {c.CallId} {c.CallerName}"));
        hub.On<Guid>(nameof(ICallClient.RingStopped), id => Push($"RingStopped {id}"));
        hub.On<Guid>(nameof(ICallClient.Accepted), id => Push($"Accepted {id}"));
        hub.On<Guid, string>(nameof(ICallClient.Offer), (id, sdp) => Push($"Offer {id} {sdp}"));
        hub.On<Guid, string>(nameof(ICallClient.Answer), (id, sdp) => Push($"Answer {id} {sdp}"));
        hub.On<Guid, string>(nameof(ICallClient.Ice), (id, c) => Push($"Ice {id} {c}"));
        hub.On<Guid, string>(nameof(ICallClient.Ended), (id, reason) => Push($"Ended {id} {reason}"));
        hub.On<Guid, Knock>(nameof(ICallClient.Knocked), (id, k) => Push($"Knocked {id} {k.KnockId} {k.Name}"));
        hub.On<Guid, Guid>(nameof(ICallClient.KnockGone), (id, k) => Push($"KnockGone {id} {k}"));
        hub.On<Guid, CallTicket>(nameof(ICallClient.Admitted), (id, t) =>
        {
            Tickets.Enqueue(t);
            Push($"Admitted {id} {t.CallId}");
        });
        hub.On<Guid, Participant>(nameof(ICallClient.Joined), (id, p) => Push($"Joined {id} {p.Id} {p.Name}"));
        hub.On<Guid, Guid>(nameof(ICallClient.Left), (id, p) => Push($"Left {id} {p}"));
        hub.On<Guid, Guid, string>(nameof(ICallClient.OfferFrom), (id, from, sdp) => Push($"OfferFrom {id} {from} {sdp}"));
        hub.On<Guid, Guid, string>(nameof(ICallClient.AnswerFrom), (id, from, sdp) => Push($"AnswerFrom {id} {from} {sdp}"));
        hub.On<Guid, Guid, string>(nameof(ICallClient.IceFrom), (id, from, c) => Push($"IceFrom {id} {from} {c}"));
        hub.Closed += e =>
        {
            _closed.TrySetResult(e);
            return Task.CompletedTask;
        };
    }

    public HubConnection Hub { get; }

    /// <summary>The tickets this connection was let in with (Admitted), in order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<CallTicket> Tickets { get; } = new();

    public Task<Exception?> Closed => _closed.Task;

    public static async Task<CallConnection> OpenAsync(ProductApp app, HttpClient browser, bool guest = false)
    {
        var cookies = app.CookiesOf(browser);
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(ProductApp.BaseAddress, "/hubs/calls"), HttpTransportType.LongPolling, o =>
            {
                o.HttpMessageHandlerFactory = _ => new CookieContainerHandler(cookies) { InnerHandler = app.Server.CreateHandler() };
            })
            .Build();
        var connection = new CallConnection(hub);
        await hub.StartAsync();

        // One round trip: after it the server has joined this connection to its person's group. (A guest
        // may not ask for relay credentials, and has no group anyone rings.)
        if (!guest)
        {
            await hub.InvokeAsync<CallTicket>(nameof(CallHub.CheckRelay));
        }
        return connection;
    }

    public Task<CallTicket> RingAsync(Guid personId) => Hub.InvokeAsync<CallTicket>(nameof(CallHub.Ring), personId);

    public Task<CallTicket> AcceptAsync(Guid callId) => Hub.InvokeAsync<CallTicket>(nameof(CallHub.Accept), callId);

    public Task DeclineAsync(Guid callId) => Hub.InvokeAsync(nameof(CallHub.Decline), callId);

    public Task HangUpAsync(Guid callId, bool failed = false) => Hub.InvokeAsync(nameof(CallHub.HangUp), callId, failed);

    public Task<List<Knock>> OpenRoomAsync(Guid visitId) => Hub.InvokeAsync<List<Knock>>(nameof(CallHub.OpenRoom), visitId);

    public Task KnockAsync(Guid visitId) => Hub.InvokeAsync(nameof(CallHub.Knock), visitId);

    public Task<CallTicket> AdmitAsync(Guid visitId, Guid knockId) => Hub.InvokeAsync<CallTicket>(nameof(CallHub.Admit), visitId, knockId);

    public Task OfferAsync(Guid callId, string sdp) => Hub.InvokeAsync(nameof(CallHub.Offer), callId, sdp);

    public Task AnswerAsync(Guid callId, string sdp) => Hub.InvokeAsync(nameof(CallHub.Answer), callId, sdp);

    public Task IceAsync(Guid callId, string candidate) => Hub.InvokeAsync(nameof(CallHub.Ice), callId, candidate);

    public Task OfferToAsync(Guid callId, Guid to, string sdp) => Hub.InvokeAsync(nameof(CallHub.OfferTo), callId, to, sdp);

    public Task AnswerToAsync(Guid callId, Guid to, string sdp) => Hub.InvokeAsync(nameof(CallHub.AnswerTo), callId, to, sdp);

    public Task IceToAsync(Guid callId, Guid to, string candidate) => Hub.InvokeAsync(nameof(CallHub.IceTo), callId, to, candidate);

    public Task<CallTicket> CheckRelayAsync() => Hub.InvokeAsync<CallTicket>(nameof(CallHub.CheckRelay));

    /// <summary>The next event pushed to this connection; fails the test if none comes.</summary>
    public async Task<string> NextAsync()
    {
        using var timeout = new CancellationTokenSource(ChatConnection.Patience);
        try
        {
            return await _events.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail("Nothing pushed to the call connection in time.");
            throw;
        }
    }

    /// <summary>Everything pushed so far and not yet taken.</summary>
    public List<string> Drain()
    {
        var all = new List<string>();
        while (_events.Reader.TryRead(out var e))
        {
            all.Add(e);
        }

        return all;
    }

    public async Task<bool> ClosesAsync() => await Task.WhenAny(Closed, Task.Delay(ChatConnection.Patience)) == Closed;

    public ValueTask DisposeAsync() => Hub.DisposeAsync();

    private void Push(string e) => _events.Writer.TryWrite(e);
}
