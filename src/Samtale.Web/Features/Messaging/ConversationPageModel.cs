using Microsoft.AspNetCore.Mvc;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Messaging;

/// <summary>
/// What the citizen's chat page and the staff member's conversation page share: the newest page of
/// messages, older pages by cursor, and sending without JavaScript (the form carries a client key the
/// server chose, so pressing "send" twice still makes one message).
/// </summary>
public abstract class ConversationPageModel(ConversationAccess access, MessageDelivery delivery, CurrentUser me, Attachments.AttachmentIntake intake) : SamtalePage
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? Before { get; set; }

    [BindProperty]
    public string? Text { get; set; }

    [BindProperty]
    public string? ClientKey { get; set; }

    [BindProperty]
    public IFormFile? Upload { get; set; }

    public long MaxFileBytes => intake.MaxBytes;

    public string Title { get; protected set; } = "";

    public MessagePage? Messages { get; private set; }

    public Guid MyId => me.Id;

    public string NewClientKey { get; } = Guid.NewGuid().ToString("N");

    protected Conversation? Conversation { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await LoadAsync(ct) ? Page() : Missing();

    public async Task<IActionResult> OnPostSendAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return Missing();
        }

        Attachments.PreparedAttachment? file = null;
        if (Upload is { Length: > 0 })
        {
            await using var stream = Upload.OpenReadStream();
            (file, var fileError) = await intake.PrepareAsync(stream, Upload.FileName, ct);
            if (fileError is not null)
            {
                return Fail(fileError, "Upload");
            }
        }

        var result = await delivery.SendAsync(Conversation!, ClientKey, Text, file, ct);
        if (result.ErrorKey is { } error)
        {
            return Fail(error, "Text");
        }

        return RedirectToPage(new { Id });
    }

    /// <summary>True if the conversation exists and the current person may open it; loads the page to show.</summary>
    protected async Task<bool> LoadAsync(CancellationToken ct)
    {
        Conversation = await access.FindAsync(Id, ct);
        if (Conversation is null)
        {
            return false;
        }

        Title = await TitleAsync(Conversation, ct);
        Messages = await delivery.PageAsync(Conversation, Before, MessageDelivery.PageSize, ct);
        if (Before is null && Messages.Messages.Count > 0)
        {
            // Opening the newest page is reading it.
            await delivery.MarkAsync(Conversation, Messages.Messages[^1].Id, read: true, ct);
        }

        return true;
    }

    protected abstract Task<string> TitleAsync(Conversation conversation, CancellationToken ct);
}
