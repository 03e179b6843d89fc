using System.Collections.Concurrent;
using System.Security.Claims;

namespace Samtale.Web.Features.Accounts;

/// <summary>
/// Sessions validated in the last few seconds, so a burst of requests (a page of history, its pictures,
/// the inbox) costs one session look-up instead of one each. Nothing that ends access waits for this:
/// a session ended in this process is dropped here at once, and any narrowing of access moves
/// <see cref="AccessChanges.Epoch"/>, which voids every entry. What this process cannot hear (a change on
/// another node, or straight in the database) applies within <see cref="Fresh"/>.
/// </summary>
public sealed class RecentSessions
{
    public static readonly TimeSpan Fresh = TimeSpan.FromSeconds(5);

    /// <summary>More live sessions than any one node serves; past it the memory simply starts over.</summary>
    private const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<Guid, Entry> _recent = new();

    public RecentSessions(AccessChanges changes) =>
        changes.SessionsEnded += ids =>
        {
            foreach (var id in ids)
            {
                _recent.TryRemove(id, out _);
            }
        };

    /// <summary>The principal of a session validated within <see cref="Fresh"/>, still within its time, as of <paramref name="epoch"/>.</summary>
    public ClaimsPrincipal? Find(Guid sessionId, long epoch, DateTime now) =>
        _recent.TryGetValue(sessionId, out var e) && e.Epoch == epoch && now - e.CheckedAt < Fresh && now < e.Until ? e.Principal : null;

    /// <param name="epoch">Read before the session was looked up, so a change during the look-up voids the entry.</param>
    /// <param name="until">When the session ends by time (the staff ceiling, the citizen's idle limit).</param>
    public void Remember(Guid sessionId, ClaimsPrincipal principal, long epoch, DateTime now, DateTime until)
    {
        if (_recent.Count >= MaxEntries)
        {
            _recent.Clear();
        }

        _recent[sessionId] = new Entry(principal, epoch, now, until);
    }

    private sealed record Entry(ClaimsPrincipal Principal, long Epoch, DateTime CheckedAt, DateTime Until);
}
