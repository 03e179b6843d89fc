using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Samtale.Tests.Infrastructure;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Citizens;

namespace Samtale.Tests.Citizens;

public sealed class EnrolmentCodeTests
{
    [Theory]
    [InlineData("0000")]
    [InlineData("1234")]
    [InlineData("1111")]
    [InlineData("4321")]
    [InlineData("1212")]
    public async Task TrivialPin_AtRedemption_IsRefusedAndTheCodeStaysUsable(string pin)
    {
        await using var app = await ProductApp.StartAsync();
        var liva = await app.CreateCitizenAsync(await app.CreateMunicipalityAsync("Nordby Kommune"), "Liva");
        var code = await app.IssueCodeAsync(liva);

        var (error, device) = await app.RedeemAsync(code, pin);

        Assert.Equal(RedeemError.TrivialPin, error);
        Assert.Null(device);
        Assert.Equal(0, await app.DbAsync(db => db.CitizenDevices.CountAsync()));
        Assert.Equal(RedeemError.None, (await app.RedeemAsync(code, ProductApp.GoodPin)).Error);
    }

    [Fact]
    public async Task EnrolmentCode_AtTheEndOfItsLifetime_IsRefusedAsExpired()
    {
        await using var app = await ProductApp.StartAsync();
        var liva = await app.CreateCitizenAsync(await app.CreateMunicipalityAsync("Nordby Kommune"), "Liva");
        var lifetime = TimeSpan.FromHours(app.Services.GetRequiredService<IOptions<AccountOptions>>().Value.EnrolmentCodeHours);
        var code = await app.IssueCodeAsync(liva);

        app.Clock.Advance(lifetime - TimeSpan.FromMinutes(1));
        Assert.Equal(RedeemError.None, await app.InScopeAsync(sp => sp.GetRequiredService<Enrolment>().CheckAsync(code, default)));

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(RedeemError.Expired, (await app.RedeemAsync(code, ProductApp.GoodPin)).Error);
        Assert.Equal(0, await app.DbAsync(db => db.CitizenDevices.CountAsync()));
    }

    [Fact]
    public async Task EnrolmentCode_RedeemedOnce_IsRefusedTheSecondTime()
    {
        await using var app = await ProductApp.StartAsync();
        var liva = await app.CreateCitizenAsync(await app.CreateMunicipalityAsync("Nordby Kommune"), "Liva");
        var code = await app.IssueCodeAsync(liva);
        await app.RegisterDeviceAsync(code);

        var (error, device) = await app.RedeemAsync(code, "5823");

        Assert.Equal(RedeemError.UnknownOrUsed, error);
        Assert.Null(device);
        Assert.Equal(1, await app.DbAsync(db => db.CitizenDevices.CountAsync()));
    }

    [Fact]
    public async Task EnrolmentCode_WhenANewOneIsIssued_IsWithdrawn()
    {
        await using var app = await ProductApp.StartAsync();
        var liva = await app.CreateCitizenAsync(await app.CreateMunicipalityAsync("Nordby Kommune"), "Liva");
        var first = await app.IssueCodeAsync(liva);
        var second = await app.IssueCodeAsync(liva);

        Assert.Equal(RedeemError.UnknownOrUsed, (await app.RedeemAsync(first, ProductApp.GoodPin)).Error);
        Assert.Equal(RedeemError.None, (await app.RedeemAsync(second, ProductApp.GoodPin)).Error);
    }

    [Fact]
    public async Task EnrolmentCode_TypedInLowerCaseWithSpaces_IsAccepted()
    {
        await using var app = await ProductApp.StartAsync();
        var liva = await app.CreateCitizenAsync(await app.CreateMunicipalityAsync("Nordby Kommune"), "Liva");
        var code = await app.IssueCodeAsync(liva);

        var typed = code.Replace("-", " ", StringComparison.Ordinal).ToLowerInvariant();

        Assert.Equal(RedeemError.None, (await app.RedeemAsync(typed, ProductApp.GoodPin)).Error);
    }

    [Fact]
    public async Task EnrolmentCode_IsStoredOnlyAsAHash()
    {
        await using var app = await ProductApp.StartAsync();
        var liva = await app.CreateCitizenAsync(await app.CreateMunicipalityAsync("Nordby Kommune"), "Liva");
        var code = await app.IssueCodeAsync(liva);

        var stored = await app.DbAsync(db => db.EnrolmentCodes.Select(c => c.CodeHash).SingleAsync());

        Assert.DoesNotContain(Enrolment.Normalise(code), stored, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(Enrolment.Hash(Enrolment.Normalise(code)), stored);
    }
}
