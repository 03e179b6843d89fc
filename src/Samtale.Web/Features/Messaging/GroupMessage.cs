using Microsoft.EntityFrameworkCore;
using Samtale.Web.Features.Links;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Messaging;

public sealed record GroupResult(int Sent, string? ErrorKey);

/// <summary>
/// One text to several of the staff member's citizens, as a separate copy in each citizen's own
/// conversation: no citizen ever sees who else got it. Each copy's client key is the group key plus
/// the citizen, so sending the same form again completes a half-sent group without doubling anything.
/// </summary>
public sealed class GroupMessage(ConversationAccess access, MessageDelivery delivery, ReachPolicy reach, CurrentUser me)
{
    public const int MaxRecipients = 200;

    public async Task<GroupResult> SendAsync(IReadOnlyCollection<Guid> citizenIds, string? groupKey, string? text, CancellationToken ct)
    {
        if (citizenIds.Count is 0 or > MaxRecipients)
        {
            return new(0, "Group.NoRecipients");
        }

        if (groupKey is not { Length: 16 } || !groupKey.All(char.IsAsciiHexDigit))
        {
            return new(0, "Chat.BadClientKey");
        }

        await access.InboxAsync(ct);

        // A citizen's direct conversation with me if there is one, otherwise their conversation with my team.
        var conversations = await reach.ConversationsOfStaff(me.Id).Where(c => citizenIds.Contains(c.CitizenId)).ToListAsync(ct);
        var chosen = conversations.GroupBy(c => c.CitizenId)
            .Select(g => g.OrderBy(c => c.CounterpartKind == CounterpartKind.Staff ? 0 : 1).First())
            .ToList();
        if (chosen.Count != citizenIds.Distinct().Count())
        {
            return new(0, "Group.UnknownRecipient");
        }

        var sent = 0;
        foreach (var conversation in chosen)
        {
            var result = await delivery.SendAsync(conversation, $"g{groupKey}-{conversation.CitizenId:N}", text, ct);
            if (result.ErrorKey is { } error)
            {
                return new(sent, error);
            }

            sent++;
        }

        return new(sent, null);
    }
}
