using System.Collections.Concurrent;

namespace Samtale.Web.Features.Messaging;

/// <summary>
/// When each staff member last had a reading of a conversation written to the audit trail. Scrolling
/// back through a long history asks for many pages in a minute; the audit trail answers "who read this
/// citizen's conversation, and when" to within <see cref="Window"/>, which one row per window does as well
/// as one per page, without turning every page into a write. Searches and file downloads are always written.
/// </summary>
public sealed class RecentReads(TimeProvider clock)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    private const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<(Guid Staff, Guid Conversation), DateTime> _written = new();

    /// <summary>True when this reading must be written (none written within the window); it then counts as written.</summary>
    public bool ShouldRecord(Guid staffId, Guid conversationId)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var key = (staffId, conversationId);
        if (_written.TryGetValue(key, out var last) && now - last < Window)
        {
            return false;
        }

        if (_written.Count >= MaxEntries)
        {
            _written.Clear();
        }

        _written[key] = now;
        return true;
    }

    /// <summary>The write failed: the next reading tries again.</summary>
    public void Forget(Guid staffId, Guid conversationId) => _written.TryRemove((staffId, conversationId), out _);
}
