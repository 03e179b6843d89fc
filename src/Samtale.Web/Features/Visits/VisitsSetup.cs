namespace Samtale.Web.Features.Visits;

public static class VisitsSetup
{
    public static WebApplicationBuilder AddVisits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<TurnOptions>().BindConfiguration(TurnOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<TurnCredentials>();
        builder.Services.AddSingleton<Switchboard>();
        builder.Services.AddScoped<CallAccess>();
        builder.Services.AddScoped<CallLog>();
        builder.Services.AddScoped<VisitPlanner>();
        builder.Services.AddScoped<GuestLinks>();
        builder.Services.AddSignalR().AddHubOptions<CallHub>(o => o.MaximumReceiveMessageSize = CallHub.MaxFrameBytes);
        return builder;
    }

    public static WebApplication MapVisits(this WebApplication app)
    {
        // A phone that changes network loses its WebSocket; with stateful reconnect it comes back on the same
        // connection id with nothing lost, so its call survives and only ICE has to restart.
        app.MapHub<CallHub>("/hubs/calls", o => o.AllowStatefulReconnects = true);
        return app;
    }
}
