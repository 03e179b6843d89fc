using Microsoft.EntityFrameworkCore;
using Samtale.Tests.Infrastructure;

namespace Samtale.Tests.Tenancy;

public sealed class TenantIsolationTests
{
    [Fact]
    public async Task ContextScopedToOneMunicipality_SeesNothingOfAnother()
    {
        await using var app = await ProductApp.StartAsync();
        var world = await TwoMunicipalities.CreateAsync(app);
        await app.LinkAsync(world.Mikkel, staff: world.Sigrid);
        await app.SignInCitizenAsync(world.Mikkel);
        var nordby = world.Nordby.Id;

        var seen = await app.DbAsync(async db =>
        {
            db.ScopeToTenant(nordby);
            return new
            {
                Citizens = await db.Citizens.Select(c => c.TenantId).ToListAsync(),
                Teams = await db.Teams.Select(t => t.TenantId).ToListAsync(),
                Links = await db.CitizenLinks.Select(l => l.TenantId).ToListAsync(),
                Staff = await db.StaffAccounts.Select(a => a.TenantId).ToListAsync(),
                Codes = await db.EnrolmentCodes.Select(c => c.TenantId).ToListAsync(),
                Devices = await db.CitizenDevices.Select(d => d.TenantId).ToListAsync(),
                MikkelById = await db.Citizens.AnyAsync(c => c.Id == world.Mikkel.Id),
            };
        });

        Assert.All([seen.Citizens, seen.Teams, seen.Links, seen.Codes, seen.Devices], rows =>
        {
            Assert.NotEmpty(rows);
            Assert.All(rows, t => Assert.Equal(nordby, t));
        });
        Assert.NotEmpty(seen.Staff);
        Assert.All(seen.Staff, t => Assert.Equal(nordby, t));
        Assert.False(seen.MikkelById);
    }

    [Fact]
    public async Task UnscopedContext_SeesBothMunicipalities()
    {
        await using var app = await ProductApp.StartAsync();
        var world = await TwoMunicipalities.CreateAsync(app);

        var tenants = await app.DbAsync(db => db.Citizens.Select(c => c.TenantId).Distinct().ToListAsync());

        Assert.Equal(new[] { world.Nordby.Id, world.Sydby.Id }.Order(), tenants.Order());
    }

    [Fact]
    public async Task ScopedContext_CannotBeRescopedToAnotherMunicipality()
    {
        await using var app = await ProductApp.StartAsync();
        var nordby = await app.CreateMunicipalityAsync("Nordby Kommune");
        var sydby = await app.CreateMunicipalityAsync("Sydby Kommune");

        await Assert.ThrowsAsync<InvalidOperationException>(() => app.DbAsync(db =>
        {
            db.ScopeToTenant(nordby.Id);
            db.ScopeToTenant(sydby.Id);
            return Task.FromResult(0);
        }));
    }
}
