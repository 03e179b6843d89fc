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
    private readonly ConcurrentDictionary<string, (Guid Session, Guid Person, HubCallerContext Context)> _open = new();
    private readonly ConcurrentDictionary<string, ITimer> _deadlines = new();
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
    public void Add(ClaimsPrincipal principal, HubCallerContext context)
    {
        _open[context.ConnectionId] = (Guid.Parse(principal.FindFirstValue(SamtaleClaims.Session)!), Guid.Parse(principal.FindFirstValue(SamtaleClaims.Subject)!), context);
        if (DateTime.TryParse(principal.FindFirstValue(SamtaleClaims.LiveUntil), null, System.Globalization.DateTimeStyles.RoundtripKind, out var until))
        {
            var due = until.ToUniversalTime() - _clock.GetUtcNow().UtcDateTime;
            var timer = _clock.CreateTimer(_ => Close(c => c.Context.ConnectionId == context.ConnectionId), null, due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            _deadlines[context.ConnectionId] = timer;
        }
    }

    public void Remove(HubCallerContext context)
    {
        _open.TryRemove(context.ConnectionId, out _);
        if (_deadlines.TryRemove(context.ConnectionId, out var timer))
        {
            timer.Dispose();
        }
    }

    public int CloseSession(Guid sessionId) => Close(c => c.Session == sessionId);

    public int ClosePerson(Guid personId) => Close(c => c.Person == personId);

    public int Count => _open.Count;

    /// <summary>
    /// Marks a connection (in <c>Context.Items</c>) that listens on every page, such as the call hub's ringer:
    /// it is closed with its session like any other, but does not mean the person sees their messages.
    /// </summary>
    public const string NotPresence = "live:not-presence";

    /// <summary>Whether the person has a conversation open right now (on this node).</summary>
    public bool IsOnline(Guid personId) => _open.Values.Any(c => c.Person == personId && !c.Context.Items.ContainsKey(NotPresence));

    private int Close(Func<(Guid Session, Guid Person, HubCallerContext Context), bool> match)
    {
        var closed = 0;
        foreach (var (id, entry) in _open)
        {
            if (match(entry) && _open.TryRemove(id, out _))
            {
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
}
