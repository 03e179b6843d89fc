using Samtale.Web.Web;

namespace Samtale.Web.Features;

[Microsoft.AspNetCore.Authorization.AllowAnonymous]
public sealed class ForbiddenModel : SamtalePage
{
    public void OnGet() => Response.StatusCode = StatusCodes.Status403Forbidden;
}
