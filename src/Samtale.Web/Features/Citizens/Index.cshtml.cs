using Microsoft.AspNetCore.Authorization;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Messaging;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Citizens;

/// <summary>The citizen's start screen: the staff members and teams they can write to, and nobody else.</summary>
[Authorize(Policy = Policies.Citizen)]
public sealed class CitizenHomeModel(ConversationAccess access, MessageDelivery delivery) : SamtalePage
{
    public List<InboxEntry> Inbox { get; private set; } = [];

    public bool Welcome { get; private set; }

    public async Task OnGetAsync(int? welcome, CancellationToken ct)
    {
        Welcome = welcome == 1;
        Inbox = await access.InboxAsync(ct);
        await delivery.MarkInboxDeliveredAsync(Inbox, ct);
    }
}
