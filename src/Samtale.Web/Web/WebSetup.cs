using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Localization;
using Samtale.Web.Data;
using Samtale.Web.Features.Accounts;

namespace Samtale.Web.Web;

public static class WebSetup
{
    public static readonly CultureInfo[] Cultures = [new("da"), new("nb"), new("en")];

    public const string CultureCookie = "__Host-samtale-lang";

    /// <summary>Rate limit for the doors that take guesses: sign-in, TOTP, PIN unlock, code redemption.</summary>
    public const string GuessLimit = "guesses";

    public static WebApplicationBuilder AddWeb(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddProblemDetails();
        builder.Services.AddLocalization();
        builder.Services.AddRazorPages(o =>
            {
                o.Conventions.AuthorizeFolder("/Admin");
                o.Conventions.AuthorizeFolder("/Staff", Policies.Staff);
                o.Conventions.AuthorizeFolder("/Audit");
            })
            .WithRazorPagesRoot("/Features")
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, f) => f.Create(typeof(Resources.Text)));

        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "__Host-samtale-af";
            o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.HeaderName = "X-CSRF-TOKEN";
        });

        builder.Services.AddDataProtection().SetApplicationName("Samtale").PersistKeysToDbContext<AppDbContext>();

        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("da");
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            // Danish unless the person picks another language: staff on an English-language PC still
            // work in the municipality's language, and the choice is one click in the footer.
            o.RequestCultureProviders = [new CookieRequestCultureProvider { CookieName = CultureCookie }];
        });

        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Only attempts count (POSTs), per client address. A town hall behind one address signs
            // many people in at 8 o'clock, so the limit is generous; per-account lockout and the
            // per-device PIN limit are what stop guessing at one target.
            o.AddPolicy(GuessLimit, ctx => HttpMethods.IsPost(ctx.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(
                    ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = 120, Window = TimeSpan.FromMinutes(1) })
                : RateLimitPartition.GetNoLimiter("reads"));
        });

        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        });

        builder.Services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        return builder;
    }

    public static WebApplication UseWeb(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseLoopbackIsSecure();
        app.UseExceptionHandler("/Error");
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        // The API answers errors as ProblemDetails; pages get the readable error page.
        app.UseWhen(ctx => IsApi(ctx.Request), api => api.UseStatusCodePages());
        app.UseWhen(ctx => !IsApi(ctx.Request), pages => pages.UseStatusCodePagesWithReExecute("/Error", "?status={0}"));
        app.UseSecurityHeaders();
        app.UseFetchMetadataGuard();
        app.UseRequestLocalization();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseCurrentUser();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    public static bool IsApi(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/health");
}
