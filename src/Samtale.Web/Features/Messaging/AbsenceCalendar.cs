using Microsoft.EntityFrameworkCore;
using Samtale.Web.Data;

namespace Samtale.Web.Features.Messaging;

/// <summary>
/// Who has an absence notice now or later, kept in memory so that a citizen's message costs no look-up
/// for the usual answer, "nobody is away". A notice saved or cleared in this process applies at once;
/// one saved on another node within <see cref="RefreshAfter"/>.
/// </summary>
public sealed class AbsenceCalendar(IServiceScopeFactory scopes, TimeProvider clock)
{
    public static readonly TimeSpan RefreshAfter = TimeSpan.FromSeconds(30);

    private volatile Snapshot? _snapshot;

    /// <summary>The staff members among these who have a notice that has not ended; only they need a closer look.</summary>
    public async ValueTask<HashSet<Guid>> WithNoticesAsync(IEnumerable<Guid> staffIds, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var snapshot = _snapshot;
        if (snapshot is null || now - snapshot.LoadedAt >= RefreshAfter)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var staff = await db.AbsenceNotices.IgnoreQueryFilters().Where(a => a.To > now).Select(a => a.StaffAccountId).ToListAsync(ct);
            _snapshot = snapshot = new Snapshot(staff.ToHashSet(), now);
        }

        return staffIds.Where(snapshot.Staff.Contains).ToHashSet();
    }

    /// <summary>A notice was saved or cleared here: the next look-up reads them again.</summary>
    public void Changed() => _snapshot = null;

    private sealed record Snapshot(HashSet<Guid> Staff, DateTime LoadedAt);
}
