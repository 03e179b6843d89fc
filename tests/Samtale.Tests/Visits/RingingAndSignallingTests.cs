using Microsoft.Extensions.DependencyInjection;
using Samtale.Tests.Infrastructure;
using Samtale.Web.Features.Visits;

namespace Samtale.Tests.Visits;

/// <summary>
/// A screen visit from ring to hang-up over real hub connections: the callee's devices ring, the answer
/// binds one device, offer, answer and ICE candidates reach only the other party, and every ending is
/// written to the call's record with its reason and duration.
/// </summary>
public sealed class RingingAndSignallingTests : IAsyncLifetime
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
    public async Task StaffRingsLinkedCitizen_TheyAnswerAndSignal_HangUpRecordsCompletedWithDuration()
    {
        var (anna, liva, callId) = await _w.AnsweredCallAsync();
        await using (anna)
        await using (liva)
        {
            await anna.OfferAsync(callId, "v=0 offer");
            Assert.Equal($"Offer {callId} v=0 offer", await liva.NextAsync());
            await liva.AnswerAsync(callId, "v=0 answer");
            Assert.Equal($"Answer {callId} v=0 answer", await anna.NextAsync());
            await liva.IceAsync(callId, "{\"candidate\":\"candidate:1 1 udp 1 127.0.0.1 5000 typ host\"}");
            Assert.StartsWith($"Ice {callId} {{\"candidate\"", await anna.NextAsync(), StringComparison.Ordinal);

            _app.Clock.Advance(TimeSpan.FromSeconds(754));
            await anna.HangUpAsync(callId);
            Assert.Equal($"Ended {callId} completed", await liva.NextAsync());

            var record = Assert.Single(await _app.CallsAsync());
            Assert.Equal((_w.Liva.Id, _w.Anna.Id, CallDirection.StaffToCitizen, false), (record.CitizenId, record.StaffAccountId, record.Direction, record.Planned));
            Assert.Equal(CallEndReason.Completed, record.EndReason);
            Assert.Equal(754, record.DurationSeconds);
            Assert.NotNull(record.AnsweredAt);

            // The call is over: its id is dead for signalling.
            await HubAssert.RefusedAsync("not-found", () => liva.OfferAsync(callId, "v=0 late"));
        }
    }

    [Fact]
    public async Task CitizenWithTwoDevices_BothRing_AnsweringOnOneStopsTheOtherAndOnlyItGetsSignalling()
    {
        await using var anna = await _w.ConnectAsync("staff");
        await using var phone = await _w.ConnectAsync("citizen");
        var (tabletBrowser, _) = await _app.SignInCitizenAsync(_w.Liva);
        await using var tablet = await CallConnection.OpenAsync(_app, tabletBrowser);

        var ticket = await anna.RingAsync(_w.Liva.Id);
        Assert.Equal($"Ringing {ticket.CallId} {_w.Anna.DisplayName}", await phone.NextAsync());
        Assert.Equal($"Ringing {ticket.CallId} {_w.Anna.DisplayName}", await tablet.NextAsync());

        await phone.AcceptAsync(ticket.CallId);
        Assert.Equal($"RingStopped {ticket.CallId}", await tablet.NextAsync());
        await HubAssert.RefusedAsync("not-found", () => tablet.AcceptAsync(ticket.CallId));
        await HubAssert.RefusedAsync("not-found", () => tablet.AnswerAsync(ticket.CallId, "v=0 from the tablet"));

        Assert.Equal($"Accepted {ticket.CallId}", await anna.NextAsync());
        Assert.Equal($"RingStopped {ticket.CallId}", await phone.NextAsync());
        await anna.OfferAsync(ticket.CallId, "v=0 offer");
        Assert.Equal($"Offer {ticket.CallId} v=0 offer", await phone.NextAsync());
        Assert.DoesNotContain(tablet.Drain(), e => e.StartsWith("Offer", StringComparison.Ordinal));
        Assert.Empty(anna.Drain());
    }

    [Fact]
    public async Task CitizenDeclines_CallerHearsDeclinedAndTheRecordSaysSo()
    {
        await using var anna = await _w.ConnectAsync("staff");
        await using var liva = await _w.ConnectAsync("citizen");
        var ticket = await anna.RingAsync(_w.Liva.Id);
        await liva.NextAsync();

        await liva.DeclineAsync(ticket.CallId);

        Assert.Equal($"Ended {ticket.CallId} declined", await anna.NextAsync());
        var record = Assert.Single(await _app.CallsAsync());
        Assert.Equal((CallEndReason.Declined, 0, null), (record.EndReason, record.DurationSeconds, record.AnsweredAt));
    }

    [Fact]
    public async Task NobodyAnswers_AfterTheRingTime_TheCallIsMissedForBoth()
    {
        await using var anna = await _w.ConnectAsync("staff");
        await using var liva = await _w.ConnectAsync("citizen");
        var ticket = await anna.RingAsync(_w.Liva.Id);
        await liva.NextAsync();

        _app.Clock.Advance(Switchboard.RingFor);

        Assert.Equal($"Ended {ticket.CallId} missed", await anna.NextAsync());
        Assert.Equal($"RingStopped {ticket.CallId}", await liva.NextAsync());
        Assert.Equal(CallEndReason.Missed, Assert.Single(await _app.CallsAsync()).EndReason);
        await HubAssert.RefusedAsync("not-found", () => liva.AcceptAsync(ticket.CallId));
    }

    [Fact]
    public async Task PartyLosesItsConnection_TheOtherHearsTheEndAndTheRecordIsClosed()
    {
        var (anna, liva, callId) = await _w.AnsweredCallAsync();
        await using (anna)
        {
            _app.Clock.Advance(TimeSpan.FromSeconds(30));
            await liva.DisposeAsync();

            Assert.Equal($"Ended {callId} completed", await anna.NextAsync());
            var record = Assert.Single(await _app.CallsAsync());
            Assert.Equal((CallEndReason.Completed, 30), (record.EndReason, record.DurationSeconds));
        }
    }

    [Fact]
    public async Task CitizenUnlinkedDuringACall_TheirConnectionClosesAndTheCallEnds()
    {
        var (anna, liva, callId) = await _w.AnsweredCallAsync();
        await using (anna)
        await using (liva)
        {
            await _app.InScopeAsync(async sp =>
            {
                var links = sp.GetRequiredService<Samtale.Web.Features.Links.LinkAdministration>();
                Assert.True(await links.UnlinkAsync(_w.LivaWithAnna.Id, default));
            });

            Assert.True(await liva.ClosesAsync());
            Assert.Equal($"Ended {callId} completed", await anna.NextAsync());
        }
    }

    [Fact]
    public async Task CitizensDeviceRevokedDuringACall_ItsConnectionClosesAndTheCallEnds()
    {
        var (anna, liva, callId) = await _w.AnsweredCallAsync();
        await using (anna)
        await using (liva)
        {
            await _app.InScopeAsync(async sp =>
                Assert.True(await sp.GetRequiredService<Samtale.Web.Features.Citizens.DeviceAdministration>().RevokeAsync(_w.LivaDeviceId, default)));

            Assert.True(await liva.ClosesAsync());
            Assert.Equal($"Ended {callId} completed", await anna.NextAsync());
        }
    }

    [Fact]
    public async Task StaffSignsOutEverywhereDuringACall_TheirConnectionClosesAndTheCitizenHearsTheEnd()
    {
        var (anna, liva, callId) = await _w.AnsweredCallAsync();
        await using (anna)
        await using (liva)
        {
            await _app.InScopeAsync(sp => sp.GetRequiredService<Samtale.Web.Features.Accounts.SessionStore>().EndAllForAsync(_w.Anna.Id, "signed-out-everywhere", default));

            Assert.True(await anna.ClosesAsync());
            Assert.Equal($"Ended {callId} completed", await liva.NextAsync());
            await HubAssert.FailsAsync(() => anna.OfferAsync(callId, "v=0 after sign-out"));
        }
    }

    [Fact]
    public async Task ClientReportsFailure_TheRecordSaysFailed()
    {
        var (anna, liva, callId) = await _w.AnsweredCallAsync();
        await using (anna)
        await using (liva)
        {
            await liva.HangUpAsync(callId, failed: true);

            Assert.Equal($"Ended {callId} failed", await anna.NextAsync());
            Assert.Equal(CallEndReason.Failed, Assert.Single(await _app.CallsAsync()).EndReason);
        }
    }

    [Fact]
    public async Task CitizenRingsStaff_OnlyWhereTheTeamAllowsItAndTheStaffMemberIsAvailable()
    {
        await using var liva = await _w.ConnectAsync("citizen");
        await using var anna = await _w.ConnectAsync("staff");

        await HubAssert.RefusedAsync("calls-off", () => liva.RingAsync(_w.Anna.Id));
        await _w.AllowCitizenCallsAsync();
        await HubAssert.RefusedAsync("unavailable", () => liva.RingAsync(_w.Anna.Id));
        Assert.Empty(await _app.CallsAsync());
        Assert.Empty(anna.Drain());

        await _w.MarkAvailableAsync(_w.Anna.Id);
        var ticket = await liva.RingAsync(_w.Anna.Id);

        Assert.Equal($"Ringing {ticket.CallId} {_w.Liva.DisplayName}", await anna.NextAsync());
        Assert.Equal(CallDirection.CitizenToStaff, Assert.Single(await _app.CallsAsync()).Direction);
    }

    [Fact]
    public async Task OneConnection_RingingTwice_IsBusy()
    {
        await using var anna = await _w.ConnectAsync("staff");
        await anna.RingAsync(_w.Liva.Id);

        await HubAssert.RefusedAsync("busy", () => anna.RingAsync(_w.Liva.Id));
        Assert.Single(await _app.CallsAsync());
    }
}
