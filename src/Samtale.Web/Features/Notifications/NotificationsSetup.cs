using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Samtale.Web.Data;
using Samtale.Web.Resources;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Notifications;

public sealed record PushKeys(string? P256dh, string? Auth);

public sealed record PushSubscriptionRequest(string? Endpoint, PushKeys? Keys);

public sealed record VapidKeyDto(string PublicKey);

public static class NotificationsSetup
{
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section);
        builder.Services.AddSingleton<VapidKeys>();
        builder.Services.AddSingleton<Notifier>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Notifier>());
        return builder;
    }

    public static WebApplication MapNotifications(this WebApplication app)
    {
        var push = app.MapGroup("/api/push").RequireAuthorization();
        push.MapGet("/key", async (VapidKeys keys, CancellationToken ct) => TypedResults.Ok(new VapidKeyDto((await keys.GetAsync(ct)).PublicKey)));
        push.MapPost("/subscriptions", SubscribeAsync);
        push.MapDelete("/subscriptions", UnsubscribeAsync);
        return app;
    }

    /// <summary>Registers this browser for Web Push. Only https endpoints of the configured push services are accepted.</summary>
    private static async Task<Results<Created, ValidationProblem, ForbidHttpResult>> SubscribeAsync(
        PushSubscriptionRequest body, AppDbContext db, CurrentUser me, IOptions<NotificationOptions> options, TimeProvider clock, IStringLocalizer<Text> t, CancellationToken ct)
    {
        // Installation accounts (system administrator, IT operations) take part in no conversation.
        if (me.TenantId is not { } tenant)
        {
            return TypedResults.Forbid();
        }

        if (!IsAllowedEndpoint(body.Endpoint, options.Value.Push.AllowedHosts)
            || body.Keys?.P256dh is not { Length: > 0 and <= 200 } p256dh
            || body.Keys?.Auth is not { Length: > 0 and <= 100 } auth)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["endpoint"] = [t["Notify.BadSubscription"]] });
        }

        // One endpoint belongs to one browser; if it was someone else's (a shared PC), it is now this person's.
        await db.WebPushSubscriptions.IgnoreQueryFilters().Where(s => s.Endpoint == body.Endpoint).ExecuteDeleteAsync(ct);
        db.WebPushSubscriptions.Add(new WebPushSubscription
        {
            TenantId = tenant,
            PersonId = me.Id,
            DeviceId = me.DeviceId,
            Endpoint = body.Endpoint!,
            P256dh = p256dh,
            Auth = auth,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(ct);
        return TypedResults.Created();
    }

    private static async Task<NoContent> UnsubscribeAsync([Microsoft.AspNetCore.Mvc.FromBody] PushSubscriptionRequest body, AppDbContext db, CurrentUser me, CancellationToken ct)
    {
        await db.WebPushSubscriptions.Where(s => s.PersonId == me.Id && s.Endpoint == body.Endpoint).ExecuteDeleteAsync(ct);
        return TypedResults.NoContent();
    }

    public static bool IsAllowedEndpoint(string? endpoint, IEnumerable<string> allowedHosts) =>
        endpoint is { Length: <= 1000 }
        && Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)
        && uri.Scheme == Uri.UriSchemeHttps
        && allowedHosts.Any(h => h.StartsWith('.') ? uri.Host.EndsWith(h, StringComparison.OrdinalIgnoreCase) : uri.Host.Equals(h, StringComparison.OrdinalIgnoreCase));
}
