using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Samtale.Tests.Infrastructure;
using Samtale.Web.Features.Accounts;

namespace Samtale.Tests.Accounts;

public sealed class StaffLockoutTests
{
    private const string WrongPassword = "forkert-hest-batteri";

    [Fact]
    public async Task RightPassword_AfterFiveWrongOnes_IsRefusedUntilTheLockoutEnds()
    {
        await using var app = await ProductApp.StartAsync();
        await app.CreateStaffAsync(await app.CreateMunicipalityAsync("Nordby Kommune"), "anna", StaffRoles.Staff);
        var lockout = TimeSpan.FromMinutes(app.Services.GetRequiredService<IOptions<AccountOptions>>().Value.LockoutMinutes);

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            Assert.Equal(PasswordCheck.Rejected, await CheckAsync(app, "anna", WrongPassword));
        }

        Assert.Equal(PasswordCheck.LockedOut, await CheckAsync(app, "anna", WrongPassword));
        Assert.Equal(PasswordCheck.LockedOut, await CheckAsync(app, "anna", ProductApp.Password));

        app.Clock.Advance(lockout - TimeSpan.FromSeconds(1));
        Assert.Equal(PasswordCheck.LockedOut, await CheckAsync(app, "anna", ProductApp.Password));

        app.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(PasswordCheck.Accepted, await CheckAsync(app, "anna", ProductApp.Password));
    }

    [Fact]
    public async Task RightPassword_AfterFourWrongOnes_IsAccepted()
    {
        await using var app = await ProductApp.StartAsync();
        await app.CreateStaffAsync(await app.CreateMunicipalityAsync("Nordby Kommune"), "anna", StaffRoles.Staff);

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            Assert.Equal(PasswordCheck.Rejected, await CheckAsync(app, "anna", WrongPassword));
        }

        Assert.Equal(PasswordCheck.Accepted, await CheckAsync(app, "anna", ProductApp.Password));
    }

    [Fact]
    public async Task LockedOutAccount_CorrectTotpCode_IsRefused()
    {
        await using var app = await ProductApp.StartAsync();
        var anna = await app.CreateStaffAsync(await app.CreateMunicipalityAsync("Nordby Kommune"), "anna", StaffRoles.Staff);
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await CheckAsync(app, "anna", WrongPassword);
        }

        app.Clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Null(await CheckTotpAsync(app, anna, app.TotpCode("anna")));
    }

    [Fact]
    public async Task TotpCode_UsedTwice_IsRefusedTheSecondTime()
    {
        await using var app = await ProductApp.StartAsync();
        var anna = await app.CreateStaffAsync(await app.CreateMunicipalityAsync("Nordby Kommune"), "anna", StaffRoles.Staff);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var code = app.TotpCode("anna");

        Assert.NotNull(await CheckTotpAsync(app, anna, code));
        Assert.Null(await CheckTotpAsync(app, anna, code));
    }

    [Fact]
    public async Task TotpCode_FromEnrolment_CannotBeUsedAgainToSignIn()
    {
        await using var app = await ProductApp.StartAsync();
        var anna = await app.CreateStaffAsync(await app.CreateMunicipalityAsync("Nordby Kommune"), "anna", StaffRoles.Staff);

        Assert.Null(await CheckTotpAsync(app, anna, app.TotpCode("anna")));

        app.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.NotNull(await CheckTotpAsync(app, anna, app.TotpCode("anna")));
    }

    private static Task<PasswordCheck> CheckAsync(ProductApp app, string userName, string password) =>
        app.InScopeAsync(async sp => (await sp.GetRequiredService<StaffSignIn>().CheckPasswordAsync(userName, password, default)).Result);

    private static Task<StaffAccount?> CheckTotpAsync(ProductApp app, StaffAccount account, string code) =>
        app.InScopeAsync(sp => sp.GetRequiredService<StaffSignIn>().CheckTotpAsync(account.Id, code, default));
}
