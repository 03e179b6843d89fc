namespace Samtale.Web.Web;

/// <summary>
/// Security headers on every response. Scripts load only from our origin (no inline script, no inline
/// style), so an injected message body cannot run; the page may not be framed.
/// </summary>
public static class SecurityHeaders
{
    public const string Csp =
        "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data: blob:; " +
        "media-src 'self' blob:; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; " +
        "frame-ancestors 'none'; manifest-src 'self'; worker-src 'self'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (ctx, next) =>
        {
            ctx.Response.OnStarting(() =>
            {
                var h = ctx.Response.Headers;
                h.ContentSecurityPolicy = Csp;
                h.XContentTypeOptions = "nosniff";
                h["Referrer-Policy"] = "no-referrer";
                h["Permissions-Policy"] = "camera=(self), microphone=(self), display-capture=(self), geolocation=()";
                h["Cross-Origin-Opener-Policy"] = "same-origin";
                h.XFrameOptions = "DENY";

                // Pages can show personal data; keep them out of shared and back-forward caches.
                if (!ctx.Request.Path.StartsWithSegments("/css") && !ctx.Request.Path.StartsWithSegments("/js")
                    && !ctx.Request.Path.StartsWithSegments("/icons"))
                {
                    h.CacheControl = "no-store";
                }

                return Task.CompletedTask;
            });
            await next(ctx);
        });
}
