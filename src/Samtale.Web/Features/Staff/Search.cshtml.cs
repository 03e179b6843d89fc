using Microsoft.AspNetCore.Mvc;
using Samtale.Web.Features.Messaging;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Staff;

/// <summary>Search within one conversation, for the staff member who needs to find what was agreed.</summary>
public sealed class ConversationSearchModel(ConversationAccess access, MessageDelivery delivery) : SamtalePage
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public List<MessageView>? Results { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await access.FindAsync(Id, ct) is not { } conversation)
        {
            return Missing();
        }

        if (string.IsNullOrWhiteSpace(Q))
        {
            return Page();
        }

        if (Q.Length > 200)
        {
            return Fail("Chat.SearchTerm", "q");
        }

        Results = await delivery.SearchAsync(conversation, Q.Trim(), ct);
        return Page();
    }
}
