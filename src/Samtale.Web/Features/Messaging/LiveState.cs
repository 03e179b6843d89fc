using System.Security.Claims;
using Microsoft.AspNetCore.SignalR;

namespace Samtale.Web.Features.Messaging;

/// <summary>
/// What a live connection remembers between its calls: the session as last validated, and the
/// conversations it was last allowed into with who hears them. Revocation does not wait for this to go
/// stale — ending a session, revoking a device or unlinking closes the connection at once
/// (<see cref="LiveConnections"/>), and any narrowing of access moves <see cref="Accounts.AccessChanges.Epoch"/>,
/// which makes every connection ask again. The age limit covers what this process cannot hear (a change
/// made on another node), so a connection never acts on a decision older than <see cref="RecheckAfter"/>.
/// </summary>
public sealed class LiveState
{
    public static readonly TimeSpan RecheckAfter = TimeSpan.FromSeconds(30);

    /// <summary>A connection takes part in few conversations; past this many it simply starts over.</summary>
    private const int MaxConversations = 64;

    private static readonly object Key = new();

    public required ClaimsPrincipal Principal { get; set; }

    public DateTime ValidatedAt { get; set; }

    // Made on first use and guarded by a lock: most connections are idle, and every byte counts ten thousand times.
    private readonly Lock _gate = new();
    private Dictionary<Guid, LiveConversation>? _conversations;

    public static LiveState? Of(HubCallerContext context) => context.Items.TryGetValue(Key, out var state) ? state as LiveState : null;

    public static void Attach(HubCallerContext context, LiveState state) => context.Items[Key] = state;

    public LiveConversation? Conversation(Guid id, long epoch, DateTime now)
    {
        lock (_gate)
        {
            return _conversations is not null && _conversations.TryGetValue(id, out var known) && known.Epoch == epoch && now - known.CheckedAt < RecheckAfter ? known : null;
        }
    }

    public void Remember(LiveConversation conversation)
    {
        lock (_gate)
        {
            _conversations ??= [];
            if (_conversations.Count >= MaxConversations)
            {
                _conversations.Clear();
            }

            _conversations[conversation.Conversation.Id] = conversation;
        }
    }
}

/// <summary>An access decision a connection may reuse: the conversation and its staff side, as of <see cref="Epoch"/>.</summary>
public sealed record LiveConversation(Conversation Conversation, IReadOnlyList<Guid> StaffParticipants, long Epoch, DateTime CheckedAt);
