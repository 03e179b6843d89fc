using System.Security.Claims;
using Microsoft.AspNetCore.SignalR;
using Samtale.Web.Data;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Messaging;

/// <summary>
/// A WebSocket outlives the request that opened it, so the cookie check at connect time is not enough.
/// The session is validated when the connection opens and again before any call made more than
/// <see cref="LiveState.RecheckAfter"/> after the last check (ended, expired, device revoked, account
/// disabled); a session ended in this process closes its connections at once through
/// <see cref="LiveConnections"/>, so the recheck is for what happens elsewhere. It also scopes the
/// database to the caller's municipality, as the HTTP pipeline does for requests.
/// </summary>
public sealed class LiveSessionFilter(TimeProvider clock) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var services = invocationContext.ServiceProvider;
        var connection = invocationContext.Context;
        var now = clock.GetUtcNow().UtcDateTime;
        var state = LiveState.Of(connection);
        if (state is null || now - state.ValidatedAt >= LiveState.RecheckAfter)
        {
            var principal = await services.GetRequiredService<SessionStore>().ValidateAsync(state?.Principal ?? connection.User!, connection.ConnectionAborted);
            if (principal is null)
            {
                connection.Abort();
                throw new HubException("session-ended");
            }

            if (state is null)
            {
                LiveState.Attach(connection, state = new LiveState { Principal = principal });
            }

            state.Principal = principal;
            state.ValidatedAt = now;
        }

        Bind(services, state.Principal);
        return await next(invocationContext);
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        // The request that opened the connection was authenticated a moment ago, against the database (see
        // AuthSetup): its user is the validated principal, so the connection starts from it.
        var principal = context.Context.User;
        if (principal?.Identity?.IsAuthenticated != true)
        {
            context.Context.Abort();
            return;
        }

        LiveState.Attach(context.Context, new LiveState { Principal = principal, ValidatedAt = clock.GetUtcNow().UtcDateTime });
        Bind(context.ServiceProvider, principal);
        // Being reachable for calls on every page is not reading one's messages: notifications still go out.
        context.ServiceProvider.GetRequiredService<LiveConnections>().Add(principal, context.Context, presence: context.Hub is ChatHub);
        await next(context);
    }

    public Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        context.ServiceProvider.GetRequiredService<LiveConnections>().Remove(context.Context);
        return next(context, exception);
    }

    private static void Bind(IServiceProvider services, ClaimsPrincipal principal)
    {
        var me = services.GetRequiredService<CurrentUser>();
        me.Set(principal);
        if (me.TenantId is { } tenant)
        {
            services.GetRequiredService<AppDbContext>().ScopeToTenant(tenant);
        }
    }
}
