using Microsoft.EntityFrameworkCore;
using Samtale.Web.Data;
using Samtale.Web.Features.Messaging;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Staff;

/// <summary>A staff member's conversation with a citizen, their own or their team's.</summary>
public sealed class StaffConversationModel(ConversationAccess access, MessageDelivery delivery, CurrentUser me, AppDbContext db, Attachments.AttachmentIntake intake)
    : ConversationPageModel(access, delivery, me, intake)
{
    public string? Subtitle { get; private set; }

    /// <summary>Whom "Start skærmbesøg" rings; the call hub checks the link again.</summary>
    public Guid CitizenId => Conversation?.CitizenId ?? Guid.Empty;

    protected override async Task<string> TitleAsync(Conversation conversation, CancellationToken ct)
    {
        var references = await db.CitizenLinks.Where(l => l.CitizenId == conversation.CitizenId && (l.StaffAccountId == conversation.CounterpartId || l.TeamId == conversation.CounterpartId))
            .Select(l => l.CaseReference).ToListAsync(ct);
        var team = conversation.CounterpartKind == CounterpartKind.Team
            ? await db.Teams.Where(t => t.Id == conversation.CounterpartId).Select(t => t.Name).SingleAsync(ct)
            : null;
        Subtitle = string.Join(" · ", references.Prepend(team).OfType<string>());
        return await db.Citizens.Where(c => c.Id == conversation.CitizenId).Select(c => c.DisplayName).SingleAsync(ct);
    }
}
