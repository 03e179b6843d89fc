using Microsoft.EntityFrameworkCore;
using Samtale.Tests.Infrastructure;
using Samtale.Web.Features.Visits;

namespace Samtale.Tests.Visits;

/// <summary>Steps the call tests share on a <see cref="TwoMunicipalities"/> world.</summary>
public static class CallWorld
{
    public static Task<CallConnection> ConnectAsync(this TwoMunicipalities w, string caller) =>
        CallConnection.OpenAsync(w.App, w.Clients[caller]);

    public static Task<List<CallRecord>> CallsAsync(this ProductApp app) =>
        app.DbAsync(db => db.Set<CallRecord>().IgnoreQueryFilters().AsNoTracking().OrderBy(c => c.StartedAt).ToListAsync());

    /// <summary>Lets citizens ring staff in the family team (Anna's), as the administrator's team setting does.</summary>
    public static Task AllowCitizenCallsAsync(this TwoMunicipalities w) =>
        w.App.DbAsync(db => db.Teams.IgnoreQueryFilters().Where(t => t.Id == w.FamilyTeam.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.CitizensMayCall, true)));

    public static Task MarkAvailableAsync(this TwoMunicipalities w, Guid staffId) =>
        w.App.DbAsync(async db =>
        {
            var now = w.App.Clock.GetUtcNow().UtcDateTime;
            db.Add(new StaffAvailability { StaffAccountId = staffId, TenantId = w.Nordby.Id, Since = now, Until = now.AddHours(1) });
            return await db.SaveChangesAsync();
        });

    /// <summary>Anna rings Liva and Liva answers on her phone: the state every signalling test starts from.</summary>
    public static async Task<(CallConnection Anna, CallConnection Liva, Guid CallId)> AnsweredCallAsync(this TwoMunicipalities w)
    {
        var anna = await w.ConnectAsync("staff");
        var liva = await w.ConnectAsync("citizen");
        var ticket = await anna.RingAsync(w.Liva.Id);
        Assert.StartsWith($"Ringing {ticket.CallId}", await liva.NextAsync(), StringComparison.Ordinal);
        await liva.AcceptAsync(ticket.CallId);
        Assert.Equal($"Accepted {ticket.CallId}", await anna.NextAsync());
        Assert.Equal($"RingStopped {ticket.CallId}", await liva.NextAsync());
        return (anna, liva, ticket.CallId);
    }
}
