using Samtale.Tests.Infrastructure;
using Samtale.Web.Features.Citizens;

namespace Samtale.Tests.Citizens;

public sealed class PinUnlockTests
{
    private const string WrongPin = "8362";

    [Fact]
    public async Task RightPin_OnTheSixthTry_IsRefusedBecauseTheDeviceIsLocked()
    {
        await using var app = await ProductApp.StartAsync();
        var liva = await app.CreateCitizenAsync(await app.CreateMunicipalityAsync("Nordby Kommune"), "Liva");
        var phone = await app.RegisterDeviceAsync(await app.IssueCodeAsync(liva));

        for (var triesLeft = 4; triesLeft >= 1; triesLeft--)
        {
            var (result, left, _) = await app.TryPinAsync(phone, WrongPin);
            Assert.Equal((UnlockResult.WrongPin, triesLeft), (result, left));
        }

        Assert.Equal(UnlockResult.DeviceLocked, (await app.TryPinAsync(phone, WrongPin)).Result);
        Assert.Equal(UnlockResult.DeviceLocked, (await app.TryPinAsync(phone, ProductApp.GoodPin)).Result);
    }

    [Fact]
    public async Task RightPin_AfterFourWrongTries_UnlocksAndResetsTheCount()
    {
        await using var app = await ProductApp.StartAsync();
        var liva = await app.CreateCitizenAsync(await app.CreateMunicipalityAsync("Nordby Kommune"), "Liva");
        var phone = await app.RegisterDeviceAsync(await app.IssueCodeAsync(liva));
        for (var i = 0; i < 4; i++)
        {
            await app.TryPinAsync(phone, WrongPin);
        }

        Assert.Equal(UnlockResult.Unlocked, (await app.TryPinAsync(phone, ProductApp.GoodPin)).Result);
        Assert.Equal((UnlockResult.WrongPin, 4), Pick(await app.TryPinAsync(phone, WrongPin)));
    }

    [Fact]
    public async Task LockedDevice_NewEnrolmentCode_RegistersANewDeviceThatUnlocks()
    {
        await using var app = await ProductApp.StartAsync();
        var liva = await app.CreateCitizenAsync(await app.CreateMunicipalityAsync("Nordby Kommune"), "Liva");
        var phone = await app.RegisterDeviceAsync(await app.IssueCodeAsync(liva));
        for (var i = 0; i < 5; i++)
        {
            await app.TryPinAsync(phone, WrongPin);
        }

        var again = await app.RegisterDeviceAsync(await app.IssueCodeAsync(liva));

        Assert.Equal(UnlockResult.Unlocked, (await app.TryPinAsync(again, ProductApp.GoodPin)).Result);
        Assert.Equal(UnlockResult.DeviceLocked, (await app.TryPinAsync(phone, ProductApp.GoodPin)).Result);
    }

    private static (UnlockResult, int) Pick((UnlockResult Result, int TriesLeft, CitizenDevice? Device) r) => (r.Result, r.TriesLeft);
}
