using System.Net;
using Samtale.Tests.Infrastructure;

namespace Samtale.Tests.Citizens;

public sealed class CitizenSessionIdleTests
{
    [Fact]
    public async Task CitizenSession_Idle30Days_IsRefused()
    {
        await using var app = await ProductApp.StartAsync();
        var liva = await app.CreateCitizenAsync(await app.CreateMunicipalityAsync("Nordby Kommune"), "Liva");
        var (browser, _) = await app.SignInCitizenAsync(liva);
        await HttpAssert.StatusAsync(HttpStatusCode.OK, await browser.GetAsync("/api/citizen/contacts"));

        app.Clock.Advance(TimeSpan.FromDays(30));

        await HttpAssert.StatusAsync(HttpStatusCode.Unauthorized, await browser.GetAsync("/api/citizen/contacts"));
    }

    [Fact]
    public async Task CitizenSession_UsedEvery29Days_StaysAliveForMonths()
    {
        await using var app = await ProductApp.StartAsync();
        var liva = await app.CreateCitizenAsync(await app.CreateMunicipalityAsync("Nordby Kommune"), "Liva");
        var (browser, _) = await app.SignInCitizenAsync(liva);

        for (var visit = 1; visit <= 6; visit++)
        {
            app.Clock.Advance(TimeSpan.FromDays(29));
            await HttpAssert.StatusAsync(HttpStatusCode.OK, await browser.GetAsync("/api/citizen/contacts"));
        }
    }
}
