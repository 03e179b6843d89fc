using System.Net;
using Microsoft.Extensions.Options;
using Samtale.Tests.Infrastructure;
using Samtale.Web.Features.Accounts;

namespace Samtale.Tests.Accounts;

public sealed class StaffSessionLifetimeTests
{
    [Fact]
    public async Task StaffSession_UsedEveryHour_IsRefusedAt24Hours()
    {
        await using var app = await ProductApp.StartAsync();
        var town = await app.CreateMunicipalityAsync("Nordby Kommune");
        await app.CreateStaffAsync(town, "anna", StaffRoles.Staff);
        using var anna = await app.SignInStaffAsync("anna");

        for (var hour = 0; hour < 23; hour++)
        {
            await HttpAssert.StatusAsync(HttpStatusCode.OK, await anna.GetAsync("/api/me"));
            app.Clock.Advance(TimeSpan.FromHours(1));
        }

        app.Clock.Advance(TimeSpan.FromMinutes(59));
        await HttpAssert.StatusAsync(HttpStatusCode.OK, await anna.GetAsync("/api/me"));

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await HttpAssert.StatusAsync(HttpStatusCode.Unauthorized, await anna.GetAsync("/api/me"));
    }

    [Fact]
    public async Task StaffSessionHours_Above24_StopsTheProductAtStart()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => ProductApp.StartAsync(new Dictionary<string, string?> { ["Accounts:StaffSessionHours"] = "25" }));

        var validation = Assert.IsType<OptionsValidationException>(error);
        Assert.Contains(nameof(AccountOptions.StaffSessionHours), validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaffSessionHours_Of24_Starts()
    {
        await using var app = await ProductApp.StartAsync(new Dictionary<string, string?> { ["Accounts:StaffSessionHours"] = "24" });

        await HttpAssert.StatusAsync(HttpStatusCode.OK, await app.Anonymous().GetAsync("/health/live"));
    }
}
