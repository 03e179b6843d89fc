using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samtale.Tests.Infrastructure;
using Samtale.Web.Features.Admin;
using Samtale.Web.Features.Audit;

namespace Samtale.Tests.Audit;

public sealed class AuditTrailTests
{
    [Fact]
    public async Task AdminActs_ThroughTheApi_EachWriteOneAuditRowNamingTheAdministrator()
    {
        await using var app = await ProductApp.StartAsync();
        var world = await TwoMunicipalities.CreateAsync(app);
        var admin = world.Clients["municipality-admin"];
        var acts = new List<(string Action, Guid Target)>();

        var team = await CreatedAsync(await admin.PostAsJsonAsync("/api/admin/teams", new { name = "Skoleteamet" }));
        acts.Add(("team.create", team));
        var staff = await CreatedAsync(await admin.PostAsJsonAsync("/api/admin/staff", new { userName = "ny.kollega", displayName = "Ny Kollega", password = ProductApp.Password, roles = new[] { "Staff" }, teamIds = new[] { team } }));
        acts.Add(("account.create", staff));
        var citizen = await CreatedAsync(await admin.PostAsJsonAsync("/api/admin/citizens", new { displayName = "Ny Borger" }));
        acts.Add(("citizen.create", citizen));
        var link = await CreatedAsync(await admin.PostAsJsonAsync("/api/admin/links", new { citizenId = citizen, teamId = team, caseReference = "SAG-2026-0100" }));
        acts.Add(("link.create", link));
        await HttpAssert.StatusAsync(HttpStatusCode.Created, await admin.PostAsync($"/api/citizens/{citizen}/enrolment-codes", null));
        acts.Add(("citizen.enrolment-code.issue", citizen));
        await HttpAssert.StatusAsync(HttpStatusCode.NoContent, await admin.DeleteAsync($"/api/admin/links/{link}"));
        acts.Add(("link.remove", link));
        await HttpAssert.StatusAsync(HttpStatusCode.NoContent, await admin.PostAsync($"/api/admin/devices/{world.LivaDeviceId}/revoke", null));
        acts.Add(("citizen.device.revoke", world.LivaDeviceId));

        var rows = await app.DbAsync(db => db.AuditEvents.Where(e => e.ChainId == world.Nordby.Id && e.ActorId == world.NordbyAdmin.Id).ToListAsync());
        foreach (var (action, target) in acts)
        {
            var row = Assert.Single(rows, r => r.Action == action && r.TargetId == target);
            Assert.Equal(("staff", AuditOutcome.Success), (row.ActorKind, row.Outcome));
        }

        Assert.True((await VerifyAsync(app, world.Nordby.Id)).Intact);
    }

    [Fact]
    public async Task AuditChains_AfterEverydayUse_VerifyAsIntact()
    {
        await using var app = await ProductApp.StartAsync();
        var world = await TwoMunicipalities.CreateAsync(app);

        foreach (var chain in new[] { world.Nordby.Id, world.Sydby.Id, Guid.Empty })
        {
            var verdict = await VerifyAsync(app, chain);
            Assert.True(verdict.Intact, $"chain {chain}: {verdict}");
            Assert.True(verdict.RowsChecked >= 2, $"chain {chain} has rows: {verdict}");
        }
    }

    [Fact]
    public async Task AuditRow_AlteredWithSql_IsReportedAsAlteredAtItsSequence()
    {
        await using var app = await ProductApp.StartAsync();
        var world = await TwoMunicipalities.CreateAsync(app);
        var chain = world.Nordby.Id;

        var changed = await app.DbAsync(db => db.Database.ExecuteSqlAsync(
            $"""UPDATE "AuditEvents" SET "Detail" = 'x' WHERE "ChainId" = {chain} AND "Sequence" = 2"""));

        Assert.Equal(1, changed);
        var verdict = await VerifyAsync(app, chain);
        Assert.Equal((false, 2L, "altered"), (verdict.Intact, verdict.BrokenAtSequence, verdict.Reason));
        Assert.True((await VerifyAsync(app, world.Sydby.Id)).Intact);
    }

    [Fact]
    public async Task AuditRow_LastOneDeletedWithSql_IsReportedAsMissing()
    {
        await using var app = await ProductApp.StartAsync();
        var world = await TwoMunicipalities.CreateAsync(app);
        var chain = world.Nordby.Id;
        var last = await app.DbAsync(db => db.AuditEvents.Where(e => e.ChainId == chain).MaxAsync(e => e.Sequence));

        var deleted = await app.DbAsync(db => db.Database.ExecuteSqlAsync(
            $"""DELETE FROM "AuditEvents" WHERE "ChainId" = {chain} AND "Sequence" = {last}"""));

        Assert.Equal(1, deleted);
        var verdict = await VerifyAsync(app, chain);
        Assert.Equal((false, last, "missing"), (verdict.Intact, verdict.BrokenAtSequence, verdict.Reason));
    }

    [Fact]
    public async Task AuditRow_DeletedFromTheMiddle_IsReportedAsMissing()
    {
        await using var app = await ProductApp.StartAsync();
        var world = await TwoMunicipalities.CreateAsync(app);
        var chain = world.Nordby.Id;

        await app.DbAsync(db => db.Database.ExecuteSqlAsync($"""DELETE FROM "AuditEvents" WHERE "ChainId" = {chain} AND "Sequence" = 3"""));

        var verdict = await VerifyAsync(app, chain);
        Assert.Equal((false, 3L, "missing"), (verdict.Intact, verdict.BrokenAtSequence, verdict.Reason));
    }

    [Fact]
    public async Task AuditRows_HoldIdsButNeverDisplayNames()
    {
        await using var app = await ProductApp.StartAsync();
        var world = await TwoMunicipalities.CreateAsync(app);
        await HttpAssert.StatusAsync(HttpStatusCode.Created, await world.Clients["municipality-admin"].PostAsJsonAsync("/api/admin/citizens", new { displayName = "Karen Blixen-Hansen" }));
        await HttpAssert.StatusAsync(HttpStatusCode.Created, await world.Clients["municipality-admin"].PostAsJsonAsync("/api/admin/teams", new { name = "Hemmeligt Team" }));

        var rows = await app.DbAsync(db => db.AuditEvents.AsNoTracking().ToListAsync());

        Assert.NotEmpty(rows);
        var names = world.DisplayNames.Concat(["Karen Blixen-Hansen", "Hemmeligt Team"]).ToList();
        foreach (var row in rows)
        {
            var text = string.Join('|', row.Action, row.Outcome, row.ActorKind, row.TargetType, row.Detail);
            Assert.DoesNotContain(names, name => text.Contains(name, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task AuditRow_ChangedThroughTheDbContext_IsRefused()
    {
        await using var app = await ProductApp.StartAsync();
        await app.CreateMunicipalityAsync("Nordby Kommune");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.DbAsync(async db =>
        {
            db.AuditEvents.Remove(await db.AuditEvents.FirstAsync());
            return await db.SaveChangesAsync();
        }));

        Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InstallationChain_ManyRows_StaysOneChain()
    {
        await using var app = await ProductApp.StartAsync();
        for (var i = 1; i <= 3; i++)
        {
            await app.CreateMunicipalityAsync($"Kommune {i}");
        }

        var verdict = await VerifyAsync(app, Guid.Empty);

        Assert.Equal((true, 3L), (verdict.Intact, verdict.RowsChecked));
    }

    private static Task<AuditVerdict> VerifyAsync(ProductApp app, Guid chain) =>
        app.InScopeAsync(sp => sp.GetRequiredService<AuditVerifier>().VerifyAsync(chain, default));

    private static async Task<Guid> CreatedAsync(HttpResponseMessage response)
    {
        await HttpAssert.StatusAsync(HttpStatusCode.Created, response);
        return (await response.Content.ReadFromJsonAsync<CreatedDto>())!.Id;
    }
}
