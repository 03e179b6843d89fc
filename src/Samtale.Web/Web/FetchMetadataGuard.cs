namespace Samtale.Web.Web;

/// <summary>
/// Refuses state-changing requests that a browser marks as coming from another origin
/// (Sec-Fetch-Site: same-site or cross-site). SameSite=Strict cookies already stop other sites; this
/// also stops a page on a sibling subdomain (another service under the municipality's domain), which
/// counts as "same site" for cookies. Requests without the header (old browsers, scripts) are left to
/// the cookie rules and the pages' antiforgery tokens.
/// </summary>
public static class FetchMetadataGuard
{
    public static IApplicationBuilder UseFetchMetadataGuard(this IApplicationBuilder app) =>
        app.Use((ctx, next) =>
        {
            var method = ctx.Request.Method;
            if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method))
            {
                return next(ctx);
            }

            var site = ctx.Request.Headers["Sec-Fetch-Site"].ToString();
            if (site is "" or "same-origin" or "none")
            {
                return next(ctx);
            }

            ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        });
}
