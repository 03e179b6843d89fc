using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Samtale.Web.Web;

/// <summary>Base for Samtale's pages: one readable error message per failed form, sent with status 400.</summary>
public abstract class SamtalePage : PageModel
{
    /// <summary>Resource key of the message to show, if the last action failed.</summary>
    public string? ErrorKey { get; private set; }

    /// <summary>Which form field the error concerns, for aria-invalid and focus.</summary>
    public string? ErrorField { get; private set; }

    public string? NoticeKey { get; set; }

    public bool IsInvalid(string field) => ErrorField == field;

    protected PageResult Fail(string messageKey, string? field = null)
    {
        ErrorKey = messageKey;
        ErrorField = field;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    protected PageResult Missing()
    {
        ErrorKey = "Error.NotFound";
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
