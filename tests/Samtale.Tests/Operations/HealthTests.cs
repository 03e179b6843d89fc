using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Samtale.Tests.Infrastructure;

namespace Samtale.Tests.Operations;

public sealed class HealthTests
{
    [Fact]
    public async Task Live_AnsweredWithoutSignIn_Is200Healthy()
    {
        await using var app = await ProductApp.StartAsync();

        var response = await app.Anonymous().GetAsync("/health/live");

        await HttpAssert.StatusAsync(HttpStatusCode.OK, response);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ready_WithTheDatabaseUp_Is200AndRunsTheDatabaseCheck()
    {
        await using var app = await ProductApp.StartAsync();

        var response = await app.Anonymous().GetAsync("/health/ready");
        var report = await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Tags.Contains("ready"));

        await HttpAssert.StatusAsync(HttpStatusCode.OK, response);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
        Assert.Equal(HealthStatus.Healthy, Assert.Contains("database", report.Entries).Status);
    }

    [Fact]
    public async Task Ready_WithTheDatabaseUnreachable_Is503WhileLiveStays200()
    {
        await using var app = await ProductApp.StartWithUnreachableDatabaseAsync();
        var browser = app.Anonymous();

        await HttpAssert.StatusAsync(HttpStatusCode.ServiceUnavailable, await browser.GetAsync("/health/ready"));
        await HttpAssert.StatusAsync(HttpStatusCode.OK, await browser.GetAsync("/health/live"));
    }
}
