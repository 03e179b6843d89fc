using System.Net;
using Microsoft.EntityFrameworkCore;
using Samtale.Tests.Infrastructure;
using Samtale.Web.Features.Visits;

namespace Samtale.Tests.Visits;

/// <summary>
/// Guest links: made by the visit's staff member, stored only as a hash, bound to the first device that
/// goes in, refused on a second device and after the visit, and good for the one visit's waiting room and
/// call only — no chat, no other visit, no skipping the waiting room (no API: ApiRefusesGuestsTests).
/// </summary>
public sealed class GuestLinkTests : IAsyncLifetime
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
    public async Task StaffMakesAGuestLink_OnlyItsHashIsStored_ItEndsWithTheVisit_AndTheActIsAudited()
    {
        var visit = await _w.BookVisitAsync();

        var path = await _w.CreateGuestLinkAsync(visit.Id, "Tolk");

        var token = path.Split('/').Last();
        Assert.True(token.Length >= 43, token);
        var link = Assert.Single(await _app.DbAsync(db => db.Set<GuestLink>().IgnoreQueryFilters().AsNoTracking().ToListAsync()));
        Assert.Equal(Samtale.Web.Features.Citizens.Enrolment.Hash(token), link.TokenHash);
        Assert.DoesNotContain(token, link.TokenHash, StringComparison.Ordinal);
        Assert.Equal("Tolk", link.Label);
        Assert.Equal(visit.EndsAt + GuestLink.Grace, link.ExpiresAt);
        Assert.Null(link.BoundAt);
        Assert.Contains(await _app.DbAsync(db => db.AuditEvents.AsNoTracking().Select(a => a.Action).ToListAsync()), a => a == "visit.guest-link.create");
        foreach (var secret in _w.DisplayNames)
        {
            Assert.DoesNotContain(secret, path, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task GuestLinkOpenedOnASecondDevice_IsRefusedWithAReadablePage_TheFirstDeviceGetsBackIn()
    {
        var visit = await _w.BookVisitAsync();
        var path = await _w.CreateGuestLinkAsync(visit.Id);
        var preview = await _app.Anonymous().GetAsync(path);
        await HttpAssert.StatusAsync(HttpStatusCode.OK, preview);
        Assert.Null((await _app.DbAsync(db => db.Set<GuestLink>().IgnoreQueryFilters().AsNoTracking().SingleAsync())).BoundAt);

        var first = await _w.EnterAsGuestAsync(path);
        await HttpAssert.StatusAsync(HttpStatusCode.OK, await first.GetAsync($"/Visits/Call?visit={visit.Id}"));

        var second = _app.Anonymous();
        var refused = await second.GetAsync(path);
        await HttpAssert.StatusAsync(HttpStatusCode.Conflict, refused);
        Assert.Contains("allerede brugt på en anden enhed", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var back = await first.GetAsync(path);
        await HttpAssert.StatusAsync(HttpStatusCode.Redirect, back);
        Assert.Equal($"/Visits/Call?visit={visit.Id}", back.Headers.Location!.OriginalString);
        Assert.Equal(1, await _app.DbAsync(db => db.Sessions.CountAsync(s => s.Kind == Samtale.Web.Features.Accounts.SessionKind.Guest)));
    }

    [Fact]
    public async Task GuestLinkAfterTheVisit_IsRefused_AndTheGuestAlreadyInIsSignedOut()
    {
        var visit = await _w.BookVisitAsync();
        var used = await _w.CreateGuestLinkAsync(visit.Id, "Tolk");
        var unused = await _w.CreateGuestLinkAsync(visit.Id, "Pårørende");
        var guest = await _w.EnterAsGuestAsync(used);

        _app.Clock.Advance(visit.EndsAt + GuestLink.Grace - _app.Clock.GetUtcNow().UtcDateTime);

        var late = await _app.Anonymous().GetAsync(unused);
        await HttpAssert.StatusAsync(HttpStatusCode.Gone, late);
        Assert.Contains("Linket er udløbet", WebUtility.HtmlDecode(await late.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var page = await guest.GetAsync($"/Visits/Call?visit={visit.Id}");
        Assert.NotEqual(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task UnknownOrMangledGuestLink_IsRefusedWithAReadablePage()
    {
        var response = await _app.Anonymous().GetAsync("/Visits/Guest/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

        await HttpAssert.StatusAsync(HttpStatusCode.NotFound, response);
        Assert.Contains("Linket findes ikke", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaffRevokesTheLink_TheGuestIsSignedOutAndTheirConnectionClosed()
    {
        var visit = await _w.BookVisitAsync();
        var path = await _w.CreateGuestLinkAsync(visit.Id);
        var guest = await _w.EnterAsGuestAsync(path);
        await using var hub = await _w.ConnectGuestAsync(guest);
        await hub.KnockAsync(visit.Id);
        var linkId = await _app.DbAsync(db => db.Set<GuestLink>().IgnoreQueryFilters().Select(g => g.Id).SingleAsync());

        var revoked = await Forms.SubmitAsync(_w.Clients["staff"], "/Visits", "RevokeGuest", [KeyValuePair.Create("linkId", linkId.ToString())]);

        await HttpAssert.StatusAsync(HttpStatusCode.OK, revoked);
        Assert.True(await hub.ClosesAsync());
        Assert.NotEqual(HttpStatusCode.OK, (await guest.GetAsync($"/Visits/Call?visit={visit.Id}")).StatusCode);
        await HttpAssert.StatusAsync(HttpStatusCode.NotFound, await _app.Anonymous().GetAsync(path));
        Assert.Contains(await _app.DbAsync(db => db.AuditEvents.AsNoTracking().Select(a => a.Action).ToListAsync()), a => a == "visit.guest-link.revoke");
    }

    [Fact]
    public async Task AnotherStaffMember_CannotMakeOrRevokeALinkForSomeoneElsesVisit()
    {
        var visit = await _w.BookVisitAsync();
        await _w.CreateGuestLinkAsync(visit.Id);
        var linkId = await _app.DbAsync(db => db.Set<GuestLink>().IgnoreQueryFilters().Select(g => g.Id).SingleAsync());
        var bo = _w.Clients["team-lead"];
        var token = System.Text.RegularExpressions.Regex.Match(await (await bo.GetAsync("/Visits")).Content.ReadAsStringAsync(),
            "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;

        var make = await bo.PostAsync("/Visits?handler=GuestLink", new FormUrlEncodedContent(
            [KeyValuePair.Create("__RequestVerificationToken", token), KeyValuePair.Create("visitId", visit.Id.ToString()), KeyValuePair.Create("label", "Tolk")]));
        var revoke = await bo.PostAsync("/Visits?handler=RevokeGuest", new FormUrlEncodedContent(
            [KeyValuePair.Create("__RequestVerificationToken", token), KeyValuePair.Create("linkId", linkId.ToString())]));

        await HttpAssert.StatusAsync(HttpStatusCode.BadRequest, make);
        await HttpAssert.StatusAsync(HttpStatusCode.BadRequest, revoke);
        var links = await _app.DbAsync(db => db.Set<GuestLink>().IgnoreQueryFilters().AsNoTracking().ToListAsync());
        Assert.Null(Assert.Single(links).RevokedAt);
    }

    [Fact]
    public async Task Guest_OpensChatContactsOtherPagesOrAnotherVisit_GetsNotFound()
    {
        var visit = await _w.BookVisitAsync();
        var other = await _w.BookVisitAsync("2026-03-02T09:30");
        var guest = await _w.EnterAsGuestAsync(await _w.CreateGuestLinkAsync(visit.Id));

        string[] pages =
        [
            "/", "/Staff", "/Citizens", $"/Staff/Conversations/{_w.LivaConversationId}", "/Visits", "/Visits/Check", "/Notifications",
            "/Accounts/Sessions", $"/Visits/Call?with={_w.Anna.Id}", $"/Visits/Call?visit={other.Id}", $"/Visits/Call/{Guid.CreateVersion7()}",
            "/hubs/chat/negotiate?negotiateVersion=1",
        ];
        foreach (var page in pages)
        {
            var response = page.StartsWith("/hubs", StringComparison.Ordinal) ? await guest.PostAsync(page, null) : await guest.GetAsync(page);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{page}: {(int)response.StatusCode}");
        }

        await HttpAssert.StatusAsync(HttpStatusCode.OK, await guest.GetAsync($"/Visits/Call?visit={visit.Id}"));
    }

    [Fact]
    public async Task GuestBeforeAdmission_CannotSignalRingAcceptHostAdmitOrKnockElsewhere()
    {
        var visit = await _w.BookVisitAsync();
        var other = await _w.BookVisitAsync("2026-03-02T09:30");
        var guest = await _w.EnterAsGuestAsync(await _w.CreateGuestLinkAsync(visit.Id));
        await using var anna = await _w.ConnectAsync("staff");
        await using var liva = await _w.ConnectAsync("citizen");
        await anna.OpenRoomAsync(visit.Id);
        await liva.KnockAsync(visit.Id);
        var knock = await anna.NextOfAsync("Knocked");
        var ticket = await anna.AdmitAsync(visit.Id, Guid.Parse(knock.Split(' ')[2]));
        var livaId = (await liva.NextOfAsync("Admitted")).Split(' ')[2];
        var livaParticipant = Assert.Single(liva.Tickets).ParticipantId!.Value;
        await using var g = await _w.ConnectGuestAsync(guest);
        await g.KnockAsync(visit.Id);
        var guestKnock = await anna.NextOfAsync("Knocked");
        Assert.EndsWith("Tolk", guestKnock, StringComparison.Ordinal);

        await HubAssert.RefusedAsync("not-found", () => g.OfferAsync(ticket.CallId, "v=0 offer"));
        await HubAssert.RefusedAsync("not-found", () => g.IceAsync(ticket.CallId, "{}"));
        await HubAssert.RefusedAsync("not-found", () => g.OfferToAsync(ticket.CallId, livaParticipant, "v=0 offer"));
        await HubAssert.RefusedAsync("not-found", () => g.IceToAsync(ticket.CallId, ticket.ParticipantId!.Value, "{}"));
        await HubAssert.RefusedAsync("not-found", () => g.AcceptAsync(ticket.CallId));
        await HubAssert.RefusedAsync("not-found", () => g.RingAsync(_w.Anna.Id));
        await HubAssert.RefusedAsync("not-found", () => g.OpenRoomAsync(visit.Id));
        await HubAssert.RefusedAsync("not-found", () => g.AdmitAsync(visit.Id, Guid.Parse(guestKnock.Split(' ')[2])));
        await HubAssert.RefusedAsync("not-found", () => g.KnockAsync(other.Id));
        await HubAssert.RefusedAsync("not-found", () => g.CheckRelayAsync());

        Assert.DoesNotContain(liva.Drain(), e => e.StartsWith("Offer", StringComparison.Ordinal) || e.StartsWith("Ice", StringComparison.Ordinal));
        Assert.Equal(livaId, ticket.CallId.ToString());
        var participants = await _app.DbAsync(db => db.Set<CallParticipant>().IgnoreQueryFilters().AsNoTracking().ToListAsync());
        Assert.DoesNotContain(participants, p => p.Kind == ParticipantKind.Guest);
    }
}
