namespace Samtale.Web.Features.Accounts;

/// <summary>
/// Announces, inside this process, that someone's access just shrank: sessions ended, or a link removed.
/// Holders of long-lived connections listen, so the change reaches open connections at once.
/// </summary>
public sealed class AccessChanges
{
    public event Action<IReadOnlyCollection<Guid>>? SessionsEnded;

    public event Action<Guid>? LinkRemoved;

    public void RaiseSessionsEnded(IReadOnlyCollection<Guid> sessionIds)
    {
        if (sessionIds.Count > 0)
        {
            SessionsEnded?.Invoke(sessionIds);
        }
    }

    /// <summary>A link of this citizen was removed.</summary>
    public void RaiseLinkRemoved(Guid citizenId) => LinkRemoved?.Invoke(citizenId);
}
