using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Samtale.Tests.Infrastructure;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Citizens;

namespace Samtale.Tests.Hardening;

/// <summary>Someone with a found phone guesses many PINs at once; parallel guesses must not share a try.</summary>
public sealed class ParallelGuessingTests
{
    [Fact]
    public async Task TwentyWrongPins_InParallel_LockTheDeviceAfterFiveAndTheRightPinIsRefused()
    {
        await using var app = await ProductApp.StartAsync();
        var liva = await app.CreateCitizenAsync(await app.CreateMunicipalityAsync("Nordby Kommune"), "Liva");
        var phone = await app.RegisterDeviceAsync(await app.IssueCodeAsync(liva));

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => app.TryPinAsync(phone, "8362")));

        Assert.True(results.Count(r => r.Result == UnlockResult.WrongPin) <= 4, "more than four guesses were answered 'wrong PIN'");
        Assert.Equal(UnlockResult.DeviceLocked, (await app.TryPinAsync(phone, ProductApp.GoodPin)).Result);
        Assert.NotNull(await app.DbAsync(db => db.CitizenDevices.Where(d => d.Id == phone.Device.Id).Select(d => d.LockedAt).SingleAsync()));
    }

    [Fact]
    public async Task TwoAdministrators_LinkTheSameCitizenAtOnce_OneLinkExists()
    {
        await using var app = await ProductApp.StartAsync();
        var town = await app.CreateMunicipalityAsync("Nordby Kommune");
        var anna = await app.CreateStaffAsync(town, "anna", StaffRoles.Staff);
        await app.CreateStaffAsync(town, "nordby.admin", StaffRoles.MunicipalityAdmin);
        var liva = await app.CreateCitizenAsync(town, "Liva");
        var admin = await app.SignInStaffAsync("nordby.admin");

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            admin.PostAsJsonAsync("/api/admin/links", new { citizenId = liva.Id, staffAccountId = anna.Id, caseReference = "SAG-2026-0001" })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Equal(1, await app.DbAsync(db => db.CitizenLinks.CountAsync()));
    }
}
