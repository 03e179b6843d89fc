using Microsoft.AspNetCore.Mvc;
using Samtale.Web.Features.Messaging;

namespace Samtale.Web.Features.Visits;

/// <summary>
/// "Ring op" on a citizen's conversation with one staff member, shown only when the call rules would let
/// the ring through now (team allows citizen calls, staff member available). The hub checks again.
/// </summary>
public sealed class CallButtonViewComponent(ConversationAccess conversations, CallAccess access) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(Guid conversationId)
    {
        var ct = HttpContext.RequestAborted;
        if (await conversations.FindAsync(conversationId, ct) is not { CounterpartKind: CounterpartKind.Staff } conversation)
        {
            return Content("");
        }

        var (error, _, _) = await access.MayRingAsync(conversation.CounterpartId, ct);
        return error is null ? View("/Features/Visits/_CallButton.cshtml", conversation.CounterpartId) : Content("");
    }
}
