using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samtale.Tests.Infrastructure;
using Samtale.Tests.Messaging;
using Samtale.Web.Features.Accounts;

namespace Samtale.Tests.Accounts;

/// <summary>
/// A session checked a moment ago is not looked up again for the next few seconds. What ends a session in
/// this process still applies to the very next request; what this process cannot hear applies within
/// <see cref="RecentSessions.Fresh"/>.
/// </summary>
public sealed class RecentSessionsTests
{
    [Fact]
    public async Task SignOutEverywhere_AppliesToTheNextRequest_EvenRightAfterTheSessionWasChecked()
    {
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        var annasPhone = await app.SignInStaffAsync("anna");
        await HttpAssert.StatusAsync(HttpStatusCode.OK, await annasPhone.GetAsync("/api/conversations"));

        await app.InScopeAsync(sp => sp.GetRequiredService<SessionStore>().EndAllForAsync(w.Anna.Id, "signed-out-everywhere", CancellationToken.None));

        await HttpAssert.StatusAsync(HttpStatusCode.Unauthorized, await annasPhone.GetAsync("/api/conversations"));
    }

    [Fact]
    public async Task SessionEndedBehindThisProcess_IsRefusedOnceTheCheckIsStale()
    {
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        await HttpAssert.StatusAsync(HttpStatusCode.OK, await w.LivasPhone.GetAsync("/api/conversations"));

        // As another node would: the row changes, but no event reaches this process.
        await app.DbAsync(db => db.Sessions.Where(s => s.PrincipalId == w.Liva.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, app.Clock.GetUtcNow().UtcDateTime)));
        app.Clock.Advance(RecentSessions.Fresh);

        await HttpAssert.StatusAsync(HttpStatusCode.Unauthorized, await w.LivasPhone.GetAsync("/api/conversations"));
    }
}
