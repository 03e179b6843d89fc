using System.Net;
using Microsoft.EntityFrameworkCore;
using Samtale.Tests.Infrastructure;
using Samtale.Web.Features.Visits;

namespace Samtale.Tests.Visits;

/// <summary>
/// The two switches that let a citizen ring: the administrator's team setting and the staff member's own
/// "available now", both set through their pages; the citizen's "Ring op" appears only when both are on.
/// </summary>
public sealed class CitizenCallSettingsTests : IAsyncLifetime
{
    private ProductApp _app = null!;
    private TwoMunicipalities _w = null!;

    public async ValueTask InitializeAsync()
    {
        _app = await ProductApp.StartAsync();
        _w = await TwoMunicipalities.CreateAsync(_app);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AdminAllowsTheTeamAndStaffSaysAvailable_CitizenSeesRingOp_AndTheRingGetsThrough()
    {
        var ringButton = $"href=\"/Visits/Call?with={_w.Anna.Id}\"";
        Assert.DoesNotContain(ringButton, await ChatPageAsync(), StringComparison.Ordinal);

        await HttpAssert.StatusAsync(HttpStatusCode.OK, await Forms.SubmitAsync(_w.Clients["municipality-admin"], "/Admin/Teams", "Calls",
            [KeyValuePair.Create("teamId", _w.FamilyTeam.Id.ToString()), KeyValuePair.Create("allow", "true")]));
        Assert.True(await _app.DbAsync(db => db.Teams.IgnoreQueryFilters().Where(t => t.Id == _w.FamilyTeam.Id).Select(t => t.CitizensMayCall).SingleAsync()));
        Assert.True(await _app.DbAsync(db => db.AuditEvents.AnyAsync(e => e.Action == "team.citizens-may-call" && e.TargetId == _w.FamilyTeam.Id)));
        Assert.DoesNotContain(ringButton, await ChatPageAsync(), StringComparison.Ordinal);

        await HttpAssert.StatusAsync(HttpStatusCode.OK, await Forms.SubmitAsync(_w.Clients["staff"], "/Visits", "Availability",
            [KeyValuePair.Create("available", "true")]));
        Assert.Contains(ringButton, await ChatPageAsync(), StringComparison.Ordinal);

        await using var anna = await _w.ConnectAsync("staff");
        await using var liva = await _w.ConnectAsync("citizen");
        var ticket = await liva.RingAsync(_w.Anna.Id);
        Assert.StartsWith($"Ringing {ticket.CallId}", await anna.NextAsync(), StringComparison.Ordinal);

        // Availability lapses by itself, so a forgotten switch does not leave a caseworker reachable at night.
        _app.Clock.Advance(CallAccess.AvailabilityLasts);
        Assert.DoesNotContain(ringButton, await ChatPageAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminOfAnotherMunicipality_SwitchingNordbysTeam_ChangesNothing()
    {
        var sydby = _w.Clients["other-municipality-admin"];
        var fields = await Forms.ReadAsync(sydby, "/Admin/Teams");
        fields["teamId"] = _w.FamilyTeam.Id.ToString();
        fields["allow"] = "true";

        var forged = await sydby.PostAsync("/Admin/Teams?handler=Calls", new FormUrlEncodedContent(fields));

        await HttpAssert.StatusAsync(HttpStatusCode.BadRequest, forged);
        Assert.False(await _app.DbAsync(db => db.Teams.IgnoreQueryFilters().Where(t => t.Id == _w.FamilyTeam.Id).Select(t => t.CitizensMayCall).SingleAsync()));
    }

    private async Task<string> ChatPageAsync()
    {
        var response = await _w.Clients["citizen"].GetAsync($"/Citizens/Chat/{_w.LivaConversationId}");
        await HttpAssert.StatusAsync(HttpStatusCode.OK, response);
        return await response.Content.ReadAsStringAsync();
    }
}
