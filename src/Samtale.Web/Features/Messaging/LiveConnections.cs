using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.SignalR;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Messaging;

/// <summary>
/// The open real-time connections of this process, by session and by person, so that ending a session,
/// revoking a device or unlinking a citizen can close them at once rather than at their next call.
/// </summary>
public sealed class LiveConnections
{
    private readonly ConcurrentDictionary<string, Entry> _open = new();
    private readonly ConcurrentDictionary<string, ITimer> _deadlines = new();

    // How many chat connections each person has open: asked for every message sent, so it must not
    // mean walking all ten thousand connections.
    private readonly ConcurrentDictionary<Guid, int> _present = new();
    private readonly TimeProvider _clock;

    public LiveConnections(Accounts.AccessChanges changes, TimeProvider clock)
    {
        _clock = clock;
        changes.SessionsEnded += ids =>
        {
            foreach (var id in ids)
            {
                CloseSession(id);
            }
        };

        // The citizen's connections close; their client reconnects and finds the unlinked conversation gone.
        // Staff connections stay: every call and every push is checked against the links anyway.
        changes.LinkRemoved += citizenId => ClosePerson(citizenId);
    }

    /// <summary>
    /// Registers a connection and closes it when its session would end by time (24 hours for staff, the
    /// idle limit for citizens): an open WebSocket must not keep delivering past the session's end.
    /// </summary>
    /// <param name="presence">
    /// Whether the connection means the person sees their messages (the chat). A connection that listens
    /// on every page, such as the call hub's ringer, is closed with its session like any other but does not
    /// stop notifications.
    /// </param>
    public void Add(ClaimsPrincipal principal, HubCallerContext context, bool presence = true)
    {
        var entry = new Entry(Guid.Parse(principal.FindFirstValue(SamtaleClaims.Session)!), Guid.Parse(principal.FindFirstValue(SamtaleClaims.Subject)!), context, presence);
        _open[context.ConnectionId] = entry;
        if (presence)
        {
            _present.AddOrUpdate(entry.Person, 1, (_, n) => n + 1);
        }

        if (DateTime.TryParse(principal.FindFirstValue(SamtaleClaims.LiveUntil), null, System.Globalization.DateTimeStyles.RoundtripKind, out var until))
        {
            var due = until.ToUniversalTime() - _clock.GetUtcNow().UtcDateTime;
            var timer = _clock.CreateTimer(_ => Close(c => c.Context.ConnectionId == context.ConnectionId), null, due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            _deadlines[context.ConnectionId] = timer;
        }
    }

    public void Remove(HubCallerContext context)
    {
        if (_open.TryRemove(context.ConnectionId, out var entry))
        {
            Gone(entry);
        }

        if (_deadlines.TryRemove(context.ConnectionId, out var timer))
        {
            timer.Dispose();
        }
    }

    public int CloseSession(Guid sessionId) => Close(c => c.Session == sessionId);

    public int ClosePerson(Guid personId) => Close(c => c.Person == personId);

    public int Count => _open.Count;

    /// <summary>Whether the person has a conversation open right now (on this node).</summary>
    public bool IsOnline(Guid personId) => _present.TryGetValue(personId, out var open) && open > 0;

    private void Gone(Entry entry)
    {
        if (entry.Presence && _present.AddOrUpdate(entry.Person, 0, (_, n) => n - 1) <= 0)
        {
            // Only if nobody came back in between.
            _present.TryRemove(new KeyValuePair<Guid, int>(entry.Person, 0));
        }
    }

    private int Close(Func<Entry, bool> match)
    {
        var closed = 0;
        foreach (var (id, entry) in _open)
        {
            if (match(entry) && _open.TryRemove(id, out _))
            {
                Gone(entry);
                entry.Context.Abort();
                if (_deadlines.TryRemove(id, out var timer))
                {
                    timer.Dispose();
                }

                closed++;
            }
        }

        return closed;
    }

    private sealed record Entry(Guid Session, Guid Person, HubCallerContext Context, bool Presence);
}
