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

    public void OnGet(int? status) => Describe(status);

    public void OnPost(int? status) => Describe(status);

    private void Describe(int? status)
    {
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
