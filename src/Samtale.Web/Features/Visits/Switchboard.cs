using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Samtale.Web.Data;

namespace Samtale.Web.Features.Visits;

/// <summary>
/// The calls in progress on this node and the one place that moves them along: ring, answer, decline,
/// hang up, time out, lose a connection. Signalling is relayed only from a connection that is a party of
/// the call to the other party's connection, never by a person id or group the client names. Each
/// change of state is written to the call's record before anyone is told.
/// </summary>
/// <remarks>
/// A call lives in this process's memory: with several app nodes behind a Redis backplane, both parties
/// must reach the node that holds the call (sticky sessions), or this map must move to Redis. The seam
/// for an SFU is here too: see docs/screen-visits.md.
/// </remarks>
public sealed partial class Switchboard(IServiceScopeFactory scopes, IHubContext<CallHub, ICallClient> hub, Notifications.Notifier notifier, TurnCredentials turn, TimeProvider clock, ILogger<Switchboard> log)
{
    /// <summary>How long a call rings before it counts as missed.</summary>
    public static readonly TimeSpan RingFor = TimeSpan.FromSeconds(45);

    private readonly ConcurrentDictionary<Guid, LiveCall> _calls = new();
    private readonly ConcurrentDictionary<Guid, WaitingRoom> _rooms = new();

    public int InProgress => _calls.Count;

    /// <summary>Starts ringing: the record is written, then every device of the callee rings.</summary>
    public async Task<Guid?> RingAsync(Guid tenantId, Guid citizenId, Guid staffId, Guid callerId, string callerConnection, string callerName, CancellationToken ct)
    {
        if (_calls.Values.Any(c => c.Connections.Contains(callerConnection)))
        {
            return null;
        }

        var call = new CallRecord
        {
            TenantId = tenantId,
            CitizenId = citizenId,
            StaffAccountId = staffId,
            Direction = callerId == staffId ? CallDirection.StaffToCitizen : CallDirection.CitizenToStaff,
            StartedAt = clock.GetUtcNow().UtcDateTime,
        };
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.Add(call);
            await db.SaveChangesAsync(ct);
        }

        var calleeId = callerId == staffId ? citizenId : staffId;
        var live = new LiveCall(call.Id, callerId, calleeId, callerConnection);
        _calls[call.Id] = live;
        live.RingTimer = clock.CreateTimer(_ => _ = EndQuietlyAsync(call.Id, null, CallEndReason.Missed), null, RingFor, Timeout.InfiniteTimeSpan);
        await hub.Clients.Group(CallHub.PersonGroup(calleeId)).Ringing(new IncomingCall(call.Id, callerName));
        notifier.EnqueueIncomingCall(calleeId);
        Log.Rang(log, call.Id);
        return call.Id;
    }

    /// <summary>The callee answers on this connection; the other devices stop ringing and the caller makes the offer.</summary>
    public async Task<bool> AcceptAsync(Guid callId, Guid personId, string connectionId, CancellationToken ct)
    {
        if (!_calls.TryGetValue(callId, out var live) || live.CalleeId != personId)
        {
            return false;
        }

        lock (live)
        {
            if (live.CalleeConnection is not null || live.Ended)
            {
                return false;
            }

            live.CalleeConnection = connectionId;
            live.RingTimer?.Dispose();
        }

        await UpdateAsync(callId, c => c.AnsweredAt = clock.GetUtcNow().UtcDateTime, ct);
        await hub.Clients.Group(CallHub.PersonGroup(live.CalleeId)).RingStopped(callId);
        await hub.Clients.Client(live.CallerConnection).Accepted(callId);
        return true;
    }

    public async Task<bool> DeclineAsync(Guid callId, Guid personId)
    {
        if (!_calls.TryGetValue(callId, out var live) || live.CalleeId != personId || live.CalleeConnection is not null)
        {
            return false;
        }

        await EndAsync(live, null, CallEndReason.Declined);
        return true;
    }

    /// <summary>A party leaves. "failed" is the client saying the media never came or was lost for good.</summary>
    public async Task<bool> HangUpAsync(Guid callId, string connectionId, bool failed)
    {
        if (!_calls.TryGetValue(callId, out var live) || !live.Connections.Contains(connectionId))
        {
            return false;
        }

        await EndAsync(live, connectionId, failed ? CallEndReason.Failed : live.CalleeConnection is null ? CallEndReason.Missed : CallEndReason.Completed);
        return true;
    }

    /// <summary>The connection that shares the call with this one, if this connection is a party of it.</summary>
    public string? PeerOf(Guid callId, string connectionId) =>
        _calls.TryGetValue(callId, out var live) && live.CalleeConnection is { } callee
            ? connectionId == live.CallerConnection ? callee : connectionId == callee ? live.CallerConnection : null
            : null;

    /// <summary>The staff member opens the visit's room on this connection and sees who already waits.</summary>
    public List<Knock> OpenRoom(Guid visitId, string hostConnection)
    {
        var room = _rooms.GetOrAdd(visitId, _ => new WaitingRoom());
        lock (room)
        {
            room.Hosts.Add(hostConnection);
            return room.Waiting.Select(w => new Knock(w.Key, w.Value.Name)).ToList();
        }
    }

    /// <summary>A citizen waits in the room; every open host page of the staff member sees and hears the knock.</summary>
    public async Task KnockAsync(Guid visitId, Guid staffId, string connectionId, string name)
    {
        var room = _rooms.GetOrAdd(visitId, _ => new WaitingRoom());
        var knock = new Knock(Guid.CreateVersion7(), name);
        List<string> hosts;
        lock (room)
        {
            room.StaffId = staffId;
            room.Waiting[knock.KnockId] = (connectionId, name);
            hosts = [.. room.Hosts];
        }

        await hub.Clients.Clients(hosts).Knocked(visitId, knock);

        // The staff member may be on another page: their other devices and pages show "waiting" with a link.
        await hub.Clients.GroupExcept(CallHub.PersonGroup(staffId), hosts).Knocked(visitId, knock);
    }

    /// <summary>
    /// Lets one waiting person in: the call is written as planned and answered, the waiting connection is
    /// bound as its callee, and the host connection becomes the caller that makes the offer.
    /// </summary>
    public async Task<Guid?> AdmitAsync(PlannedVisit visit, Guid knockId, string hostConnection, CancellationToken ct)
    {
        if (!_rooms.TryGetValue(visit.Id, out var room) || _calls.Values.Any(c => c.Connections.Contains(hostConnection)))
        {
            return null;
        }

        (string Connection, string Name) waiting;
        lock (room)
        {
            if (!room.Hosts.Contains(hostConnection) || !room.Waiting.Remove(knockId, out waiting))
            {
                return null;
            }
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var call = new CallRecord
        {
            TenantId = visit.TenantId,
            CitizenId = visit.CitizenId,
            StaffAccountId = visit.StaffAccountId,
            Direction = CallDirection.StaffToCitizen,
            Planned = true,
            StartedAt = now,
            AnsweredAt = now,
        };
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.Add(call);
            await db.SaveChangesAsync(ct);
        }

        _calls[call.Id] = new LiveCall(call.Id, visit.StaffAccountId, visit.CitizenId, hostConnection) { CalleeConnection = waiting.Connection };
        await hub.Clients.Client(waiting.Connection).Admitted(visit.Id, new CallTicket(call.Id, turn.Mint(), turn.Options.RelayOnly ? "relay" : "all"));
        Log.Admitted(log, visit.Id, call.Id);
        return call.Id;
    }

    /// <summary>A closed connection ends every call it was a party of; a closed ringing device ends nothing.</summary>
    public async Task ConnectionLostAsync(string connectionId)
    {
        foreach (var (visitId, room) in _rooms)
        {
            List<Guid> gone;
            List<string> hosts;
            lock (room)
            {
                room.Hosts.Remove(connectionId);
                gone = room.Waiting.Where(w => w.Value.Connection == connectionId).Select(w => w.Key).ToList();
                foreach (var id in gone)
                {
                    room.Waiting.Remove(id);
                }

                hosts = [.. room.Hosts];
                if (room.Hosts.Count == 0 && room.Waiting.Count == 0)
                {
                    _rooms.TryRemove(visitId, out _);
                }
            }

            foreach (var id in gone)
            {
                await hub.Clients.Clients(hosts).KnockGone(visitId, id);
                if (room.StaffId is { } staffId)
                {
                    await hub.Clients.GroupExcept(CallHub.PersonGroup(staffId), hosts).KnockGone(visitId, id);
                }
            }
        }

        foreach (var live in _calls.Values.Where(c => c.Connections.Contains(connectionId)).ToList())
        {
            await EndAsync(live, connectionId, live.CalleeConnection is null ? CallEndReason.Missed : CallEndReason.Completed);
        }
    }

    private async Task EndQuietlyAsync(Guid callId, string? by, CallEndReason reason)
    {
        try
        {
            if (_calls.TryGetValue(callId, out var live))
            {
                await EndAsync(live, by, reason);
            }
        }
        catch (Exception ex)
        {
            Log.EndFailed(log, callId, ex.GetType().Name);
        }
    }

    private async Task EndAsync(LiveCall live, string? by, CallEndReason reason)
    {
        lock (live)
        {
            if (live.Ended)
            {
                return;
            }

            live.Ended = true;
            live.RingTimer?.Dispose();
        }

        _calls.TryRemove(live.Id, out _);
        var now = clock.GetUtcNow().UtcDateTime;
        await UpdateAsync(live.Id, c =>
        {
            c.EndedAt = now;
            c.EndReason = reason;
            c.DurationSeconds = c.AnsweredAt is { } answered ? (int)Math.Round((now - answered).TotalSeconds) : 0;
        }, CancellationToken.None, journalAt: now);
        var wire = reason.ToString().ToLowerInvariant();
        foreach (var connection in live.Connections.Where(c => c != by))
        {
            await hub.Clients.Client(connection).Ended(live.Id, wire);
        }

        if (live.CalleeConnection is null)
        {
            await hub.Clients.Group(CallHub.PersonGroup(live.CalleeId)).RingStopped(live.Id);
        }

        Log.Ended(log, live.Id, wire);
    }

    private async Task UpdateAsync(Guid callId, Action<CallRecord> change, CancellationToken ct, DateTime? journalAt = null)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var call = await db.Set<CallRecord>().IgnoreQueryFilters().SingleAsync(c => c.Id == callId, ct);
        change(call);
        if (journalAt is { } at)
        {
            // An ended call is case content (also a missed or declined one): it is owed to the case system
            // in the same transaction that ends it.
            Journaling.JournalOutbox.Enqueue(db, call, at);
        }

        await db.SaveChangesAsync(ct);
    }

    private sealed class WaitingRoom
    {
        public Guid? StaffId { get; set; }

        public HashSet<string> Hosts { get; } = [];

        public Dictionary<Guid, (string Connection, string Name)> Waiting { get; } = [];
    }

    private sealed class LiveCall(Guid id, Guid callerId, Guid calleeId, string callerConnection)
    {
        public Guid Id { get; } = id;

        public Guid CallerId { get; } = callerId;

        public Guid CalleeId { get; } = calleeId;

        public string CallerConnection { get; } = callerConnection;

        public string? CalleeConnection { get; set; }

        public bool Ended { get; set; }

        public ITimer? RingTimer { get; set; }

        public IEnumerable<string> Connections => CalleeConnection is { } callee ? [CallerConnection, callee] : [CallerConnection];
    }

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Information, "Call {CallId} ringing")]
        public static partial void Rang(ILogger logger, Guid callId);

        [LoggerMessage(LogLevel.Information, "Call {CallId} ended: {Reason}")]
        public static partial void Ended(ILogger logger, Guid callId, string reason);

        [LoggerMessage(LogLevel.Information, "Visit {VisitId}: admitted into call {CallId}")]
        public static partial void Admitted(ILogger logger, Guid visitId, Guid callId);

        [LoggerMessage(LogLevel.Warning, "Ending call {CallId} failed: {Failure}")]
        public static partial void EndFailed(ILogger logger, Guid callId, string failure);
    }
}
