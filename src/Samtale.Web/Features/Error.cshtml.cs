using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Samtale.Web.Web;

namespace Samtale.Web.Features;

[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : SamtalePage
{
    public string HeadingKey { get; private set; } = "Error.Title";

    public string TextKey { get; private set; } = "Error.Text";

    // No bound parameters: this page is re-executed for failed form posts too, and binding would read a
    // form whose antiforgery check failed, which throws and turns a 400 into an unhandled error.
    public void OnGet() => Describe();

    public void OnPost() => Describe();

    private void Describe()
    {
        var status = int.TryParse(Request.Query["status"], out var code) ? code : (int?)null;
        (HeadingKey, TextKey) = status switch
        {
            404 => ("Error.NotFoundTitle", "Error.NotFoundText"),
            403 => ("Error.ForbiddenTitle", "Error.ForbiddenText"),
            400 => ("Error.BadRequestTitle", "Error.BadRequestText"),
            429 => ("Error.TooManyTitle", "Error.TooManyText"),
            _ => ("Error.Title", "Error.Text"),
        };
    }
}
