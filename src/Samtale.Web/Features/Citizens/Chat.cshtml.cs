using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Samtale.Web.Data;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Messaging;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Citizens;

/// <summary>The citizen's conversation with one staff member or team.</summary>
[Authorize(Policy = Policies.Citizen)]
public sealed class CitizenChatModel(ConversationAccess access, MessageDelivery delivery, CurrentUser me, AppDbContext db, Attachments.AttachmentIntake intake)
    : ConversationPageModel(access, delivery, me, intake)
{
    protected override async Task<string> TitleAsync(Conversation conversation, CancellationToken ct) =>
        conversation.CounterpartKind == CounterpartKind.Staff
            ? await db.StaffAccounts.Where(a => a.Id == conversation.CounterpartId).Select(a => a.DisplayName).SingleAsync(ct)
            : await db.Teams.Where(t => t.Id == conversation.CounterpartId).Select(t => t.Name).SingleAsync(ct);
}
