using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Samtale.Web.Data;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Accounts;

public static class AuthSetup
{
    public const string Scheme = "samtale";

    /// <summary>Holds "password accepted, second factor pending" for a few minutes, and nothing else.</summary>
    public const string TwoFactorScheme = "samtale-2fa";

    public const string CookieName = "__Host-samtale";

    /// <summary>
    /// Sign-in is split into "prove who you are" (password + TOTP today; OpenID Connect, eID or a passkey
    /// later) and <see cref="SessionStore"/>, which turns any proof into the same server-side session.
    /// A new method only has to end in SessionStore.StartStaffAsync or StartCitizenAsync.
    /// </summary>
    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<SessionStore>();
        builder.Services.AddSingleton<RecentSessions>();
        builder.Services.AddSingleton<SessionActivity>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SessionActivity>());
        builder.Services.AddSingleton<AccessChanges>();
        builder.Services.AddScoped<StaffSignIn>();
        builder.Services.AddScoped<CurrentUser>();
        builder.Services.AddSingleton<Totp>();
        builder.Services.AddSingleton<Microsoft.AspNetCore.Identity.IPasswordHasher<StaffAccount>, Microsoft.AspNetCore.Identity.PasswordHasher<StaffAccount>>();

        builder.Services.AddAuthentication(Scheme)
            .AddCookie(Scheme, o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.Path = "/";
                o.LoginPath = "/";
                o.AccessDeniedPath = "/Forbidden";
                o.ReturnUrlParameter = "returnUrl";

                // The server-side session decides lifetime; the cookie only has to outlive it.
                o.ExpireTimeSpan = TimeSpan.FromDays(30);
                o.SlidingExpiration = true;
                o.Events = new CookieAuthenticationEvents
                {
                    OnValidatePrincipal = ValidateSessionAsync,
                    OnRedirectToLogin = ctx => ApiAwareRedirect(ctx, StatusCodes.Status401Unauthorized),
                    OnRedirectToAccessDenied = ctx => ApiAwareRedirect(ctx, StatusCodes.Status403Forbidden),
                };
            })
            .AddCookie(TwoFactorScheme, o =>
            {
                o.Cookie.Name = "__Host-samtale-2fa";
                o.Cookie.HttpOnly = true;
                o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.ExpireTimeSpan = TimeSpan.FromMinutes(5);
                o.SlidingExpiration = false;
            });

        // Registered after AddCookie, so it runs after the cookie handler has made its own ticket format.
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IPostConfigureOptions<CookieAuthenticationOptions>, SessionTicketFormat.Setup>();
        builder.Services.AddAuthorization(Policies.Add);
        return builder;
    }

    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext ctx)
    {
        // A hub request lives as long as its WebSocket, and so does its service scope. Validating in a scope
        // of its own keeps a database context (and the session row it tracked) from living that long with
        // every open connection; the hub's own calls get fresh scopes.
        await using var ownScope = IsLongLived(ctx.HttpContext) ? ctx.HttpContext.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope() : (AsyncServiceScope?)null;
        var sessions = (ownScope?.ServiceProvider ?? ctx.HttpContext.RequestServices).GetRequiredService<SessionStore>();
        var fresh = ctx.Principal is null ? null : await sessions.ValidateAsync(ctx.Principal, ctx.HttpContext.RequestAborted);
        if (fresh is null)
        {
            ctx.RejectPrincipal();
            await ctx.HttpContext.SignOutAsync(Scheme);
            return;
        }

        ctx.ReplacePrincipal(fresh);
    }

    /// <summary>Real-time connections: their requests hold their service scope for hours, and use no database through it.</summary>
    private static bool IsLongLived(HttpContext http) => http.Request.Path.StartsWithSegments("/hubs");

    private static Task ApiAwareRedirect(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Path.StartsWithSegments("/hubs"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        // Redirect by path only: the scheme and host the server sees may differ from the browser's
        // (a TLS-terminating proxy, or plain http on localhost).
        var uri = new Uri(ctx.RedirectUri, UriKind.RelativeOrAbsolute);
        ctx.Response.Redirect(uri.IsAbsoluteUri ? uri.PathAndQuery : ctx.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>Scopes the database to the signed-in user's municipality for the rest of the request.</summary>
    public static IApplicationBuilder UseCurrentUser(this IApplicationBuilder app) =>
        app.Use(async (ctx, next) =>
        {
            var me = ctx.RequestServices.GetRequiredService<CurrentUser>();
            me.Set(ctx.User);
            if (me.IsSignedIn && me.TenantId is { } tenant && !IsLongLived(ctx))
            {
                ctx.RequestServices.GetRequiredService<AppDbContext>().ScopeToTenant(tenant);
            }

            // A guest holds a capability for one visit, not an account: whatever a page or endpoint's own
            // authorisation says, a guest reaches only the visit's call page, its guest-link page and the
            // call hub (which checks the visit again). Deny by default, so a page added later without a
            // policy cannot leak to guests.
            if (me.IsGuest && !GuestMayReach(ctx.Request.Path))
            {
                ctx.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            await next(ctx);
        });

    private static bool GuestMayReach(PathString path) =>
        path.Equals("/Visits/Call", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/Visits/Guest", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/hubs/calls", StringComparison.OrdinalIgnoreCase)
        || path.Equals("/Error", StringComparison.OrdinalIgnoreCase)
        || path.Equals("/culture", StringComparison.OrdinalIgnoreCase);
}
