using Microsoft.EntityFrameworkCore;
using Samtale.Web.Data;

namespace Samtale.Web.Features.Journaling;

/// <summary>What staff see next to a message, and the citizen's "saved to your case".</summary>
public static class JournalState
{
    public const string Waiting = "waiting";
    public const string Journaled = "journaled";
    public const string Failed = "failed";
    public const string Purged = "purged";

    public static string Of(JournalUnitState? unit) => unit switch
    {
        JournalUnitState.Confirmed => Journaled,
        JournalUnitState.Purged => Purged,
        JournalUnitState.Parked => Failed,
        _ => Waiting,
    };
}

public static class JournalStates
{
    /// <summary>The journal state of each message, by id; a message without a job (sent before journaling existed) is waiting.</summary>
    public static async Task<Dictionary<long, string>> OfAsync(AppDbContext db, IReadOnlyCollection<long> messageIds, CancellationToken ct)
    {
        var rows = await db.Set<JournalJob>().AsNoTracking()
            .Where(j => j.MessageId != null && messageIds.Contains(j.MessageId.Value))
            .Select(j => new { MessageId = j.MessageId!.Value, State = db.Set<JournalUnit>().Where(u => u.Id == j.UnitId).Select(u => (JournalUnitState?)u.State).FirstOrDefault() })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.MessageId, r => JournalState.Of(r.State));
    }

    /// <summary>
    /// The journal state of each call record, by id, over all its units (the end, and each later note):
    /// failed if any is parked, waiting while any is not yet confirmed, purged once all are purged.
    /// </summary>
    public static async Task<Dictionary<Guid, string>> OfCallsAsync(AppDbContext db, IReadOnlyCollection<Guid> callIds, CancellationToken ct)
    {
        var rows = await db.Set<JournalJob>().AsNoTracking()
            .Where(j => j.CallRecordId != null && callIds.Contains(j.CallRecordId.Value))
            .Select(j => new { CallId = j.CallRecordId!.Value, State = db.Set<JournalUnit>().Where(u => u.Id == j.UnitId).Select(u => (JournalUnitState?)u.State).FirstOrDefault() })
            .ToListAsync(ct);
        return rows.GroupBy(r => r.CallId).ToDictionary(g => g.Key, g =>
            g.Any(r => r.State == JournalUnitState.Parked) ? JournalState.Failed
            : g.Any(r => r.State is not (JournalUnitState.Confirmed or JournalUnitState.Purged)) ? JournalState.Waiting
            : g.All(r => r.State == JournalUnitState.Purged) ? JournalState.Purged
            : JournalState.Journaled);
    }
}
