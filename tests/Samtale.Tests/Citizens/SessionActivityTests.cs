using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samtale.Tests.Infrastructure;
using Samtale.Web.Features.Accounts;

namespace Samtale.Tests.Citizens;

/// <summary>
/// A session's last use is written in one batch a few seconds after the request, not by the request
/// itself — and it still reaches the database, so the 30-day idle limit holds across restarts and nodes.
/// </summary>
public sealed class SessionActivityTests
{
    [Fact]
    public async Task LastUse_ReachesTheDatabase_WithinAFlush()
    {
        await using var app = await ProductApp.StartAsync();
        var liva = await app.CreateCitizenAsync(await app.CreateMunicipalityAsync("Nordby Kommune"), "Liva");
        var (browser, _) = await app.SignInCitizenAsync(liva);

        app.Clock.Advance(TimeSpan.FromDays(3));
        var used = app.Clock.GetUtcNow().UtcDateTime;
        await HttpAssert.StatusAsync(HttpStatusCode.OK, await browser.GetAsync("/api/citizen/contacts"));

        // The flush runs every 5 s; then the stored time is the request's. (The clock moves on in each
        // round: the flusher waits again only once its last flush is done.)
        DateTime stored = default;
        for (var i = 0; i < 100; i++)
        {
            app.Clock.Advance(TimeSpan.FromSeconds(5));
            stored = await app.DbAsync(db => db.Sessions.IgnoreQueryFilters().Where(s => s.PrincipalId == liva.Id && s.EndedAt == null)
                .Select(s => s.LastSeenAt).SingleAsync());
            if (stored >= used)
            {
                break;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Equal(used, stored, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Flush_KeepsTheLatestTimeOfEachSession()
    {
        await using var app = await ProductApp.StartAsync();
        var liva = await app.CreateCitizenAsync(await app.CreateMunicipalityAsync("Nordby Kommune"), "Liva");
        await app.SignInCitizenAsync(liva);
        var sessionId = await app.DbAsync(db => db.Sessions.IgnoreQueryFilters().Where(s => s.PrincipalId == liva.Id).Select(s => s.Id).SingleAsync());
        var activity = app.Services.GetRequiredService<SessionActivity>();
        var later = app.Clock.GetUtcNow().UtcDateTime.AddHours(2);

        activity.Saw(sessionId, later);
        activity.Saw(sessionId, later.AddHours(-1));
        await activity.FlushAsync(TestContext.Current.CancellationToken);

        Assert.Equal(later, await app.DbAsync(db => db.Sessions.IgnoreQueryFilters().Where(s => s.Id == sessionId).Select(s => s.LastSeenAt).SingleAsync()), TimeSpan.FromMilliseconds(1));
    }
}
