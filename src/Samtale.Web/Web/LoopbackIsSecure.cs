using System.Net;

namespace Samtale.Web.Web;

/// <summary>
/// Browsers treat http://localhost as a secure context and accept Secure cookies from it, so a developer
/// or a demo can run Samtale on plain http on their own machine. This tells ASP.NET Core the same, so the
/// Secure-only cookies and antiforgery work there too. It applies only when both the connection and the
/// Host header are loopback; anything reached over a network still needs real TLS (or a proxy's
/// X-Forwarded-Proto: https).
/// </summary>
public static class LoopbackIsSecure
{
    private const string OriginalSchemeKey = "samtale.original-scheme";

    /// <summary>The scheme the browser used, for links shown to people (QR codes, "open this address").</summary>
    public static string BrowserScheme(HttpContext ctx) => ctx.Items[OriginalSchemeKey] as string ?? ctx.Request.Scheme;

    public static IApplicationBuilder UseLoopbackIsSecure(this IApplicationBuilder app) =>
        app.Use((ctx, next) =>
        {
            if (!ctx.Request.IsHttps && IsLoopback(ctx))
            {
                ctx.Items[OriginalSchemeKey] = ctx.Request.Scheme;
                ctx.Request.Scheme = Uri.UriSchemeHttps;
            }

            return next(ctx);
        });

    private static bool IsLoopback(HttpContext ctx)
    {
        var remote = ctx.Connection.RemoteIpAddress;
        if (remote is null || !IPAddress.IsLoopback(remote))
        {
            return false;
        }

        var host = ctx.Request.Host.Host;
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }
}
