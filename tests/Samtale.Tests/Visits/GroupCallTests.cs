using Microsoft.EntityFrameworkCore;
using Samtale.Tests.Infrastructure;
using Samtale.Web.Features.Visits;

namespace Samtale.Tests.Visits;

/// <summary>
/// A planned visit as a small mesh: the staff member lets in the citizen and a guest; each newcomer learns
/// who is there and those present offer to it; signals go only to a named participant of the same call;
/// a fifth is refused; a guest leaving does not end the call, the staff member leaving does.
/// </summary>
public sealed class GroupCallTests : IAsyncLifetime
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
    public async Task StaffLetsInCitizenThenGuest_PresentParticipantsOfferToTheNewcomer_SignalsReachOnlyTheNamedParticipant()
    {
        var visit = await _w.BookVisitAsync();
        var guestDevice = await _w.EnterAsGuestAsync(await _w.CreateGuestLinkAsync(visit.Id, "Tolk"));
        await using var anna = await _w.ConnectAsync("staff");
        await using var liva = await _w.ConnectAsync("citizen");
        await using var tolk = await _w.ConnectGuestAsync(guestDevice);
        await anna.OpenRoomAsync(visit.Id);

        var host = await AdmitAsync(anna, liva, visit.Id);
        var joinedLiva = await anna.NextOfAsync("Joined");
        var livaTicket = Assert.Single(liva.Tickets);
        var livaId = livaTicket.ParticipantId!.Value;
        Assert.Equal($"Joined {host.CallId} {livaId} {_w.Liva.DisplayName}", joinedLiva);
        Assert.Equal(host.ParticipantId, Assert.Single(livaTicket.Present!).Id);

        var second = await AdmitAsync(anna, tolk, visit.Id);
        Assert.Equal(host.CallId, second.CallId);
        var tolkTicket = Assert.Single(tolk.Tickets);
        var tolkId = tolkTicket.ParticipantId!.Value;
        Assert.Equal(new[] { host.ParticipantId!.Value, livaId }.Order(), tolkTicket.Present!.Select(p => p.Id).Order());
        Assert.Equal($"Joined {host.CallId} {tolkId} Tolk", await anna.NextOfAsync("Joined"));
        Assert.Equal($"Joined {host.CallId} {tolkId} Tolk", await liva.NextOfAsync("Joined"));

        await liva.OfferToAsync(host.CallId, tolkId, "v=0 liva");
        Assert.Equal($"OfferFrom {host.CallId} {livaId} v=0 liva", await tolk.NextOfAsync("OfferFrom"));
        await tolk.AnswerToAsync(host.CallId, livaId, "v=0 tolk");
        Assert.Equal($"AnswerFrom {host.CallId} {tolkId} v=0 tolk", await liva.NextOfAsync("AnswerFrom"));
        await anna.IceToAsync(host.CallId, tolkId, "{\"candidate\":\"x\"}");
        Assert.Equal($"IceFrom {host.CallId} {host.ParticipantId} {{\"candidate\":\"x\"}}", await tolk.NextOfAsync("IceFrom"));
        Assert.DoesNotContain(anna.Drain(), e => e.Contains("v=0", StringComparison.Ordinal));

        // With three in the call there is no single "other side": the two-party methods are refused.
        await HubAssert.RefusedAsync("not-found", () => liva.OfferAsync(host.CallId, "v=0 to whom"));
        await HubAssert.RefusedAsync("not-found", () => liva.OfferToAsync(host.CallId, livaId, "v=0 to myself"));
        await HubAssert.RefusedAsync("not-found", () => liva.OfferToAsync(host.CallId, Guid.CreateVersion7(), "v=0 to nobody"));

        var participants = await _app.DbAsync(db => db.Set<CallParticipant>().IgnoreQueryFilters().AsNoTracking().ToListAsync());
        Assert.Equal(3, participants.Count);
        Assert.All(participants, p => Assert.Equal(host.CallId, p.CallId));
        var guest = Assert.Single(participants, p => p.Kind == ParticipantKind.Guest);
        Assert.Null(guest.PersonId);
        Assert.Equal("Tolk", guest.GuestLabel);
        Assert.Contains(participants, p => p.Kind == ParticipantKind.Citizen && p.PersonId == _w.Liva.Id);
        Assert.Contains(participants, p => p.Kind == ParticipantKind.Staff && p.PersonId == _w.Anna.Id);
        Assert.Single(await _app.CallsAsync());
    }

    [Fact]
    public async Task SignalToAParticipantOfAnotherCall_IsRefused_AndNobodyHearsIt()
    {
        var visit = await _w.BookVisitAsync();
        var otherVisit = await _w.BookVisitAsync("2026-03-02T09:08");
        await using var anna = await _w.ConnectAsync("staff");
        await using var liva = await _w.ConnectAsync("citizen");
        await using var anna2 = await _w.ConnectAsync("staff");
        await using var liva2 = await _w.ConnectAsync("citizen");
        await anna.OpenRoomAsync(visit.Id);
        await anna2.OpenRoomAsync(otherVisit.Id);
        var first = await AdmitAsync(anna, liva, visit.Id);
        var second = await AdmitAsync(anna2, liva2, otherVisit.Id);
        Assert.NotEqual(first.CallId, second.CallId);
        var livaInFirst = Assert.Single(liva.Tickets).ParticipantId!.Value;
        liva.Drain();
        liva2.Drain();
        anna2.Drain();

        await HubAssert.RefusedAsync("not-found", () => anna.OfferToAsync(first.CallId, second.ParticipantId!.Value, "v=0 across"));
        await HubAssert.RefusedAsync("not-found", () => anna.OfferToAsync(second.CallId, second.ParticipantId!.Value, "v=0 into"));
        await HubAssert.RefusedAsync("not-found", () => anna2.IceToAsync(first.CallId, livaInFirst, "{}"));

        Assert.Empty(anna2.Drain());
        Assert.Empty(liva2.Drain());
        Assert.Empty(liva.Drain());
    }

    [Fact]
    public async Task FifthParticipant_IsRefusedAsFull_AndStaysInTheWaitingRoom()
    {
        var visit = await _w.BookVisitAsync();
        var tolk = await _w.ConnectGuestAsync(await _w.EnterAsGuestAsync(await _w.CreateGuestLinkAsync(visit.Id, "Tolk")));
        var mor = await _w.ConnectGuestAsync(await _w.EnterAsGuestAsync(await _w.CreateGuestLinkAsync(visit.Id, "Mor")));
        await using var anna = await _w.ConnectAsync("staff");
        await using var liva = await _w.ConnectAsync("citizen");
        await using var livasTablet = await _w.ConnectAsync("citizen");
        await anna.OpenRoomAsync(visit.Id);
        var host = await AdmitAsync(anna, liva, visit.Id);
        await AdmitAsync(anna, tolk, visit.Id);
        await AdmitAsync(anna, mor, visit.Id);

        await livasTablet.KnockAsync(visit.Id);
        var knock = await anna.NextOfAsync("Knocked");
        await HubAssert.RefusedAsync("full", () => anna.AdmitAsync(visit.Id, Guid.Parse(knock.Split(' ')[2])));

        Assert.Single(await anna.OpenRoomAsync(visit.Id));
        Assert.Equal(4, await _app.DbAsync(db => db.Set<CallParticipant>().IgnoreQueryFilters().CountAsync(p => p.CallId == host.CallId)));
        Assert.DoesNotContain(livasTablet.Drain(), e => e.StartsWith("Admitted", StringComparison.Ordinal));
        await tolk.DisposeAsync();
        await mor.DisposeAsync();
    }

    [Fact]
    public async Task GuestLeaves_TheCallGoesOn_StaffMemberLeaves_ItEndsForEveryone()
    {
        var visit = await _w.BookVisitAsync();
        var tolk = await _w.ConnectGuestAsync(await _w.EnterAsGuestAsync(await _w.CreateGuestLinkAsync(visit.Id, "Tolk")));
        await using var anna = await _w.ConnectAsync("staff");
        await using var liva = await _w.ConnectAsync("citizen");
        await anna.OpenRoomAsync(visit.Id);
        var host = await AdmitAsync(anna, liva, visit.Id);
        await AdmitAsync(anna, tolk, visit.Id);
        var tolkId = Assert.Single(tolk.Tickets).ParticipantId!.Value;

        await tolk.HangUpAsync(host.CallId);

        Assert.Equal($"Left {host.CallId} {tolkId}", await anna.NextOfAsync("Left"));
        Assert.Equal($"Left {host.CallId} {tolkId}", await liva.NextOfAsync("Left"));
        Assert.Null(Assert.Single(await _app.CallsAsync()).EndedAt);
        var guestRow = await _app.DbAsync(db => db.Set<CallParticipant>().IgnoreQueryFilters().AsNoTracking().SingleAsync(p => p.Id == tolkId));
        Assert.NotNull(guestRow.LeftAt);

        await anna.HangUpAsync(host.CallId);

        Assert.Equal($"Ended {host.CallId} completed", await liva.NextOfAsync("Ended"));
        var record = Assert.Single(await _app.CallsAsync());
        Assert.Equal(CallEndReason.Completed, record.EndReason);
        Assert.All(await _app.DbAsync(db => db.Set<CallParticipant>().IgnoreQueryFilters().AsNoTracking().ToListAsync()), p => Assert.NotNull(p.LeftAt));
        await tolk.DisposeAsync();
    }

    /// <summary>The one waiting knocks and the staff member lets them in; returns the staff member's ticket.</summary>
    private static async Task<CallTicket> AdmitAsync(CallConnection staff, CallConnection waiting, Guid visitId)
    {
        await waiting.KnockAsync(visitId);
        var knock = await staff.NextOfAsync($"Knocked {visitId}");
        var ticket = await staff.AdmitAsync(visitId, Guid.Parse(knock.Split(' ')[2]));
        await waiting.NextOfAsync("Admitted");
        return ticket;
    }
}
