namespace Samtale.Web.Features.Accounts;

/// <summary>
/// Announces, inside this process, that someone's access just shrank: sessions ended, a link removed, a
/// team membership changed. Holders of long-lived connections listen, so the change reaches open
/// connections at once; <see cref="Epoch"/> moves on every change, so anything that remembers an access
/// decision for a while (a live connection's conversations) knows to ask again.
/// </summary>
public sealed class AccessChanges
{
    private long _epoch;

    public event Action<IReadOnlyCollection<Guid>>? SessionsEnded;

    public event Action<Guid>? LinkRemoved;

    /// <summary>Moves on whenever access may have shrunk anywhere in this process.</summary>
    public long Epoch => Interlocked.Read(ref _epoch);

    public void RaiseSessionsEnded(IReadOnlyCollection<Guid> sessionIds)
    {
        if (sessionIds.Count > 0)
        {
            Interlocked.Increment(ref _epoch);
            SessionsEnded?.Invoke(sessionIds);
        }
    }

    /// <summary>A link of this citizen was removed.</summary>
    public void RaiseLinkRemoved(Guid citizenId)
    {
        Interlocked.Increment(ref _epoch);
        LinkRemoved?.Invoke(citizenId);
    }

    /// <summary>Who reaches whom changed in a way no connection needs closing for (a team's members changed).</summary>
    public void RaiseReachChanged() => Interlocked.Increment(ref _epoch);
}
