using Microsoft.EntityFrameworkCore;
using Samtale.Web.Data;
using Samtale.Web.Features.Links;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Messaging;

/// <summary>One line of an inbox: who the conversation is with, how fresh it is, how much is unread.</summary>
public sealed record InboxEntry(Guid ConversationId, string Title, string? Subtitle, CounterpartKind CounterpartKind, DateTime LastActivityAt, int Unread);

/// <summary>
/// Which conversations the current person may open, and their inboxes. It asks <see cref="ReachPolicy"/>
/// for every decision, and creates a link's conversation the first time anyone looks for it.
/// </summary>
public sealed class ConversationAccess(AppDbContext db, ReachPolicy reach, CurrentUser me, TimeProvider clock)
{
    /// <summary>The conversation, if the current person may open it now; otherwise null (answer 404).</summary>
    public async Task<Conversation?> FindAsync(Guid conversationId, CancellationToken ct) =>
        me.IsStaff ? await reach.ConversationsOfStaff(me.Id).SingleOrDefaultAsync(c => c.Id == conversationId, ct)
        : me.IsCitizen ? await reach.ConversationsOfCitizen(me.Id).SingleOrDefaultAsync(c => c.Id == conversationId, ct)
        : null;

    public async Task<List<InboxEntry>> InboxAsync(CancellationToken ct)
    {
        await EnsureConversationsAsync(ct);
        return me.IsStaff ? await StaffInboxAsync(ct) : me.IsCitizen ? await CitizenInboxAsync(ct) : [];
    }

    private async Task<List<InboxEntry>> StaffInboxAsync(CancellationToken ct)
    {
        var rows = await (from c in reach.ConversationsOfStaff(me.Id)
                          join citizen in db.Citizens on c.CitizenId equals citizen.Id
                          let readUpTo = db.ReadMarkers.Where(r => r.ConversationId == c.Id && r.ReaderId == me.Id).Select(r => r.ReadUpTo).FirstOrDefault()
                          select new
                          {
                              c.Id,
                              citizen.DisplayName,
                              c.CounterpartKind,
                              Team = db.Teams.Where(t => t.Id == c.CounterpartId).Select(t => t.Name).FirstOrDefault(),
                              c.LastActivityAt,
                              Unread = db.Messages.Count(m => m.ConversationId == c.Id && m.SenderKind == SenderKind.Citizen && m.Id > readUpTo),
                          }).ToListAsync(ct);

        // Unread first, then the most recent: what needs an answer comes to the top.
        return rows.Select(r => new InboxEntry(r.Id, r.DisplayName, r.CounterpartKind == CounterpartKind.Team ? r.Team : null, r.CounterpartKind, r.LastActivityAt, r.Unread))
            .OrderByDescending(e => e.Unread > 0).ThenByDescending(e => e.LastActivityAt).ToList();
    }

    private async Task<List<InboxEntry>> CitizenInboxAsync(CancellationToken ct)
    {
        var rows = await (from c in reach.ConversationsOfCitizen(me.Id)
                          let readUpTo = db.ReadMarkers.Where(r => r.ConversationId == c.Id && r.ReaderId == me.Id).Select(r => r.ReadUpTo).FirstOrDefault()
                          select new
                          {
                              c.Id,
                              c.CounterpartKind,
                              Name = c.CounterpartKind == CounterpartKind.Staff
                                  ? db.StaffAccounts.Where(a => a.Id == c.CounterpartId).Select(a => a.DisplayName).FirstOrDefault()
                                  : db.Teams.Where(t => t.Id == c.CounterpartId).Select(t => t.Name).FirstOrDefault(),
                              c.LastActivityAt,
                              Unread = db.Messages.Count(m => m.ConversationId == c.Id && m.SenderKind == SenderKind.Staff && m.Id > readUpTo),
                          }).ToListAsync(ct);
        return rows.Select(r => new InboxEntry(r.Id, r.Name ?? "", null, r.CounterpartKind, r.LastActivityAt, r.Unread))
            .OrderByDescending(e => e.Unread > 0).ThenByDescending(e => e.LastActivityAt).ThenBy(e => e.Title, StringComparer.CurrentCulture).ToList();
    }

    /// <summary>Creates the missing conversation for each of the current person's links.</summary>
    private async Task EnsureConversationsAsync(CancellationToken ct)
    {
        var links = me.IsStaff ? reach.ReachableLinksOf(me.Id)
            : me.IsCitizen ? db.CitizenLinks.Where(l => l.CitizenId == me.Id)
            : db.CitizenLinks.Where(_ => false);
        var wanted = await links
            .Select(l => new { l.TenantId, l.CitizenId, Counterpart = l.StaffAccountId ?? l.TeamId!.Value, IsTeam = l.TeamId != null })
            .Where(l => !db.Conversations.Any(c => c.CitizenId == l.CitizenId && c.CounterpartId == l.Counterpart))
            .ToListAsync(ct);
        if (wanted.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        db.Conversations.AddRange(wanted.Distinct().Select(w => new Conversation
        {
            TenantId = w.TenantId,
            CitizenId = w.CitizenId,
            CounterpartKind = w.IsTeam ? CounterpartKind.Team : CounterpartKind.Staff,
            CounterpartId = w.Counterpart,
            CreatedAt = now,
            LastActivityAt = now,
        }));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Someone else opened the same conversation at the same moment; theirs is as good as ours.
            db.ChangeTracker.Clear();
        }
    }
}
