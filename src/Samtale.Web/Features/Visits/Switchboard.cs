using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Samtale.Web.Data;

namespace Samtale.Web.Features.Visits;

/// <summary>
/// The calls in progress on this node and the one place that moves them along: ring, answer, decline,
/// admit, hang up, time out, lose a connection. Signalling is relayed only from a connection that is a
/// party of the call to another party's connection of the same call, never by a person id or group the
/// client names. Each change of state is written to the call's record before anyone is told.
/// A ring call has two parties. A planned visit's call is a small mesh: the staff member and up to
/// <see cref="MaxParties"/> − 1 people they let in (the citizen, guests), each a participant with an id of
/// its own that exists only for this call.
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

    /// <summary>A mesh sends every stream to every other party: four is what a phone on mobile data can carry.</summary>
    public const int MaxParties = 4;

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
        var live = new LiveCall(call.Id, tenantId, callerId, calleeId, null);
        live.Parties.Add(new Party(Guid.CreateVersion7(), callerConnection, callerId == staffId ? ParticipantKind.Staff : ParticipantKind.Citizen, callerId, null, callerName));
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

        Party callee;
        lock (live)
        {
            if (live.Answered || live.Ended)
            {
                return false;
            }

            callee = new Party(Guid.CreateVersion7(), connectionId, live.Parties[0].Kind == ParticipantKind.Staff ? ParticipantKind.Citizen : ParticipantKind.Staff, personId, null, "");
            live.Parties.Add(callee);
            live.Answered = true;
            live.RingTimer?.Dispose();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await UpdateAsync(callId, c => c.AnsweredAt = now, ct);
        await RecordJoinedAsync(live, [live.Parties[0], callee], now, ct);
        await hub.Clients.Group(CallHub.PersonGroup(live.CalleeId)).RingStopped(callId);
        await hub.Clients.Client(live.CallerConnection).Accepted(callId);
        return true;
    }

    public async Task<bool> DeclineAsync(Guid callId, Guid personId)
    {
        if (!_calls.TryGetValue(callId, out var live) || live.CalleeId != personId || live.Answered)
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

        await LeaveAsync(live, connectionId, failed);
        return true;
    }

    /// <summary>
    /// The connection that shares a two-party call with this one, if this connection is a party of it. A
    /// group call of three or four has no single peer: its signalling must name the participant (<see cref="Route"/>).
    /// </summary>
    public string? PeerOf(Guid callId, string connectionId)
    {
        if (!_calls.TryGetValue(callId, out var live))
        {
            return null;
        }

        lock (live)
        {
            return live.Parties.Count == 2 && live.Parties.Any(p => p.Connection == connectionId)
                ? live.Parties.Single(p => p.Connection != connectionId).Connection
                : null;
        }
    }

    /// <summary>
    /// Where a group call's signal goes: the connection of participant <paramref name="to"/>, if both it and
    /// the sending connection are parties of this very call; and the sender's participant id, to say who it is from.
    /// </summary>
    public (string Connection, Guid From)? Route(Guid callId, string fromConnection, Guid to)
    {
        if (!_calls.TryGetValue(callId, out var live))
        {
            return null;
        }

        lock (live)
        {
            var from = live.Parties.Find(p => p.Connection == fromConnection);
            var target = live.Parties.Find(p => p.Id == to);
            return from is not null && target is not null && from != target ? (target.Connection, from.Id) : null;
        }
    }

    /// <summary>The staff member opens the visit's room on this connection and sees who already waits.</summary>
    public List<Knock> OpenRoom(Guid visitId, string hostConnection)
    {
        var room = _rooms.GetOrAdd(visitId, _ => new WaitingRoom());
        lock (room)
        {
            room.Hosts.Add(hostConnection);
            return room.Waiting.Select(w => new Knock(w.Key, w.Value.Name, w.Value.Kind == ParticipantKind.Guest)).ToList();
        }
    }

    /// <summary>A citizen or a guest waits in the room; every open host page of the staff member sees and hears the knock.</summary>
    public async Task KnockAsync(Guid visitId, Guid staffId, string connectionId, string name, ParticipantKind kind, Guid principalId)
    {
        var room = _rooms.GetOrAdd(visitId, _ => new WaitingRoom());
        var knock = new Knock(Guid.CreateVersion7(), name, kind == ParticipantKind.Guest);
        List<string> hosts;
        lock (room)
        {
            room.StaffId = staffId;
            room.Waiting[knock.KnockId] = new Waiting(connectionId, name, kind, principalId);
            hosts = [.. room.Hosts];
        }

        await hub.Clients.Clients(hosts).Knocked(visitId, knock);

        // The staff member may be on another page: their other devices and pages show "waiting" with a link.
        await hub.Clients.GroupExcept(CallHub.PersonGroup(staffId), hosts).Knocked(visitId, knock);
    }

    /// <summary>
    /// Lets one waiting person in. The first admission writes the call (planned, answered) with the staff
    /// member's host connection as its first party; later ones add to the same call, up to
    /// <see cref="MaxParties"/>. The newcomer gets the list of those present, and each of them is told to
    /// offer to the newcomer. Returns the host's ticket, or an error key: "not-found", "full".
    /// </summary>
    public async Task<(string? Error, CallTicket? Ticket)> AdmitAsync(PlannedVisit visit, Guid knockId, string hostConnection, string hostName, CancellationToken ct)
    {
        if (!_rooms.TryGetValue(visit.Id, out var room))
        {
            return ("not-found", null);
        }

        var existing = _calls.Values.FirstOrDefault(c => c.VisitId == visit.Id && !c.Ended);
        if (_calls.Values.Any(c => c != existing && c.Connections.Contains(hostConnection))
            || (existing is not null && !existing.Connections.Contains(hostConnection)))
        {
            return ("not-found", null);
        }

        if (existing is not null && existing.Connections.Length >= MaxParties)
        {
            return ("full", null);
        }

        Waiting waiting;
        lock (room)
        {
            if (!room.Hosts.Contains(hostConnection) || !room.Waiting.Remove(knockId, out waiting!))
            {
                return ("not-found", null);
            }
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var live = existing;
        if (live is null)
        {
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

            live = new LiveCall(call.Id, visit.TenantId, visit.StaffAccountId, visit.CitizenId, visit.Id) { Answered = true };
            var host = new Party(Guid.CreateVersion7(), hostConnection, ParticipantKind.Staff, visit.StaffAccountId, null, hostName);
            live.Parties.Add(host);
            _calls[call.Id] = live;
            await RecordJoinedAsync(live, [host], now, ct);
        }

        var newcomer = new Party(Guid.CreateVersion7(), waiting.Connection, waiting.Kind, waiting.Kind == ParticipantKind.Guest ? null : waiting.PrincipalId,
            waiting.Kind == ParticipantKind.Guest ? waiting.PrincipalId : null, waiting.Name);
        List<Party> before;
        lock (live)
        {
            if (live.Ended || live.Parties.Count >= MaxParties)
            {
                return ("full", null);
            }

            before = [.. live.Parties];
            live.Parties.Add(newcomer);
        }

        await RecordJoinedAsync(live, [newcomer], now, ct);
        await hub.Clients.Client(newcomer.Connection).Admitted(visit.Id, TicketFor(live.Id, newcomer.Id, before));
        foreach (var present in before)
        {
            await hub.Clients.Client(present.Connection).Joined(live.Id, newcomer.AsParticipant());
        }

        Log.Admitted(log, visit.Id, live.Id);
        var me = before.Single(p => p.Connection == hostConnection);
        return (null, TicketFor(live.Id, me.Id, before.Where(p => p != me)));
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
            await LeaveAsync(live, connectionId, failed: false);
        }
    }

    /// <summary>
    /// A party leaves. A two-party call ends with it; a group call goes on without a guest or the citizen
    /// while the staff member and one other remain, and ends when the staff member (the host) leaves.
    /// </summary>
    private async Task LeaveAsync(LiveCall live, string connectionId, bool failed)
    {
        Party? gone = null;
        List<Party> rest = [];
        lock (live)
        {
            var leaving = live.Parties.Find(p => p.Connection == connectionId);
            if (leaving is not null && live.VisitId is not null && live.Parties.Count > 2 && leaving.Kind != ParticipantKind.Staff && !live.Ended)
            {
                live.Parties.Remove(leaving);
                gone = leaving;
                rest = [.. live.Parties];
            }
        }

        if (gone is null)
        {
            await EndAsync(live, connectionId, failed ? CallEndReason.Failed : !live.Answered ? CallEndReason.Missed : CallEndReason.Completed);
            return;
        }

        await RecordLeftAsync(live.Id, gone.Id, clock.GetUtcNow().UtcDateTime);
        foreach (var party in rest)
        {
            await hub.Clients.Client(party.Connection).Left(live.Id, gone.Id);
        }
    }

    private CallTicket TicketFor(Guid callId, Guid participantId, IEnumerable<Party> present) =>
        new(callId, turn.Mint(), turn.Options.RelayOnly ? "relay" : "all", participantId, present.Select(p => p.AsParticipant()).ToList());

    /// <summary>Who joined, for the call record: ids and kinds, a guest by its link and label; never media.</summary>
    private async Task RecordJoinedAsync(LiveCall live, IEnumerable<Party> parties, DateTime at, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        foreach (var p in parties)
        {
            db.Add(new CallParticipant
            {
                Id = p.Id,
                TenantId = live.TenantId,
                CallId = live.Id,
                Kind = p.Kind,
                PersonId = p.PersonId,
                GuestLinkId = p.GuestLinkId,
                GuestLabel = p.Kind == ParticipantKind.Guest ? p.Name : null,
                JoinedAt = at,
            });
        }

        await db.SaveChangesAsync(ct);
    }

    private async Task RecordLeftAsync(Guid callId, Guid? participantId, DateTime at)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Set<CallParticipant>().IgnoreQueryFilters()
            .Where(p => p.CallId == callId && p.LeftAt == null && (participantId == null || p.Id == participantId))
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.LeftAt, at));
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
        await RecordLeftAsync(live.Id, null, now);
        var wire = reason.ToString().ToLowerInvariant();
        foreach (var connection in live.Connections.Where(c => c != by))
        {
            await hub.Clients.Client(connection).Ended(live.Id, wire);
        }

        if (!live.Answered)
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

        public Dictionary<Guid, Waiting> Waiting { get; } = [];
    }

    /// <summary>Someone in a waiting room: a citizen (by person id) or a guest (by guest link id).</summary>
    private sealed record Waiting(string Connection, string Name, ParticipantKind Kind, Guid PrincipalId);

    /// <summary>One connection bound to a call. The participant id is what the others address their signals to.</summary>
    private sealed record Party(Guid Id, string Connection, ParticipantKind Kind, Guid? PersonId, Guid? GuestLinkId, string Name)
    {
        public Participant AsParticipant() => new(Id, Name, Kind == ParticipantKind.Guest);
    }

    /// <summary>A call in progress. <see cref="Parties"/> is read and changed only under a lock on the call.</summary>
    private sealed class LiveCall(Guid id, Guid tenantId, Guid callerId, Guid calleeId, Guid? visitId)
    {
        public Guid Id { get; } = id;

        public Guid TenantId { get; } = tenantId;

        public Guid CallerId { get; } = callerId;

        public Guid CalleeId { get; } = calleeId;

        /// <summary>Set for a planned visit's call, which is a group call; null for a 1:1 ring call.</summary>
        public Guid? VisitId { get; } = visitId;

        public List<Party> Parties { get; } = [];

        public bool Answered { get; set; }

        public bool Ended { get; set; }

        public ITimer? RingTimer { get; set; }

        public string CallerConnection
        {
            get
            {
                lock (this)
                {
                    return Parties[0].Connection;
                }
            }
        }

        public string[] Connections
        {
            get
            {
                lock (this)
                {
                    return Parties.Select(p => p.Connection).ToArray();
                }
            }
        }
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
