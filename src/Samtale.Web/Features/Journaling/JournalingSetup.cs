using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Samtale.Web.Features.Accounts;

namespace Samtale.Web.Features.Journaling;

public static class JournalingSetup
{
    public static WebApplicationBuilder AddJournaling(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<JournalOptions>().BindConfiguration(JournalOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHttpClient(HttpSink.ClientName, (sp, client) => client.Timeout = sp.GetRequiredService<IOptions<JournalOptions>>().Value.HttpTimeout);
        builder.Services.AddSingleton<IJournalSink, FolderSink>();
        builder.Services.AddSingleton<IJournalSink, HttpSink>();
        builder.Services.AddSingleton<IJournalSink, EmailSink>();
        builder.Services.AddSingleton<LowPriorityLane>();
        builder.Services.AddSingleton<JournalDispatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<JournalDispatcher>());
        builder.Services.AddSingleton<JournalMonitor>();
        builder.Services.AddScoped<CitizenExport>();
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration("journal", sp => sp.GetRequiredService<JournalMonitor>(), HealthStatus.Degraded, ["journal"]));
        return builder;
    }

    public static WebApplication MapJournaling(this WebApplication app)
    {
        // Counts only, no personal data; Degraded (still 200) when content is overdue or parked.
        app.MapHealthChecks("/health/journal", new HealthCheckOptions { Predicate = c => c.Tags.Contains("journal") });

        // Inside the administrator's municipality only: the context is scoped to it, so another
        // municipality's citizen id answers 404 like an id that does not exist.
        var admin = app.MapGroup("/api/admin/citizens").RequireAuthorization(Policies.MunicipalityAdmin);
        admin.MapGet("/{citizenId:guid}/export", CitizenExport.JsonAsync);
        admin.MapGet("/{citizenId:guid}/export.pdf", CitizenExport.PdfAsync);
        return app;
    }
}
