using Samtale.Web.Features.Messaging;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Staff;

/// <summary>The staff member's start page: the inbox across all their citizens, then the citizens themselves.</summary>
public sealed class StaffHomeModel(StaffCaseload caseload, ConversationAccess access, MessageDelivery delivery, CurrentUser me) : SamtalePage
{
    public List<InboxEntry> Inbox { get; private set; } = [];

    public List<LinkedCitizenDto> Citizens { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Inbox = await access.InboxAsync(ct);
        await delivery.MarkInboxDeliveredAsync(Inbox, ct);
        Citizens = await caseload.ForAsync(me.Id, ct);
    }
}
