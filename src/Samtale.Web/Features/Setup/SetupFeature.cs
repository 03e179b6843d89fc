using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Samtale.Web.Features.Setup;

public static class SetupFeature
{
    public static WebApplicationBuilder AddSetup(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<FirstStart>();
        builder.Services.AddScoped<DemoSeed>();
        return builder;
    }

    /// <summary>Once the server listens, seeds demo data if asked and prints the setup link if there is no administrator.</summary>
    public static WebApplication UseFirstStart(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() => _ = Task.Run(async () =>
        {
            var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
                .Select(a => a.Replace("://[::]", "://localhost", StringComparison.Ordinal).Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal).Replace("://127.0.0.1", "://localhost", StringComparison.Ordinal))
                .FirstOrDefault() ?? "http://localhost";
            try
            {
                if (app.Configuration.GetValue<bool>("Demo:Seed"))
                {
                    await using var scope = app.Services.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<DemoSeed>().SeedAsync(baseUrl, app.Lifetime.ApplicationStopping);
                }

                await app.Services.GetRequiredService<FirstStart>().OpenIfNeededAsync(app.Services, baseUrl, app.Lifetime.ApplicationStopping);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                app.Logger.LogError(ex, "First-start tasks failed");
            }
        }));
        return app;
    }
}
