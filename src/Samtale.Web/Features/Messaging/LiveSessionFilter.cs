using Microsoft.AspNetCore.SignalR;
using Samtale.Web.Data;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Messaging;

/// <summary>
/// A WebSocket outlives the request that opened it, so the cookie check at connect time is not enough.
/// Before every hub call this re-validates the session (ended, expired, device revoked, account disabled)
/// and closes the connection if it is gone; it also scopes the database to the caller's municipality,
/// as the HTTP pipeline does for requests.
/// </summary>
public sealed class LiveSessionFilter : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var services = invocationContext.ServiceProvider;
        var principal = await services.GetRequiredService<SessionStore>().ValidateAsync(invocationContext.Context.User!, invocationContext.Context.ConnectionAborted);
        if (principal is null)
        {
            invocationContext.Context.Abort();
            throw new HubException("session-ended");
        }

        Bind(services, principal);
        return await next(invocationContext);
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        var principal = await context.ServiceProvider.GetRequiredService<SessionStore>().ValidateAsync(context.Context.User!, context.Context.ConnectionAborted);
        if (principal is null)
        {
            context.Context.Abort();
            return;
        }

        Bind(context.ServiceProvider, principal);
        context.ServiceProvider.GetRequiredService<LiveConnections>().Add(principal, context.Context);
        await next(context);
    }

    public Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        context.ServiceProvider.GetRequiredService<LiveConnections>().Remove(context.Context);
        return next(context, exception);
    }

    private static void Bind(IServiceProvider services, System.Security.Claims.ClaimsPrincipal principal)
    {
        var me = services.GetRequiredService<CurrentUser>();
        me.Set(principal);
        if (me.TenantId is { } tenant)
        {
            services.GetRequiredService<AppDbContext>().ScopeToTenant(tenant);
        }
    }
}
