using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Samtale.Tests.Infrastructure;
using Samtale.Tests.Notifications;
using Samtale.Web.Features.Notifications;
using Samtale.Web.Features.Visits;

namespace Samtale.Tests.Visits;

/// <summary>
/// Planned visits: booked by staff with an .ics invitation that names nobody, a waiting room that opens
/// 10 minutes before, a knock the staff member sees, and a call that starts only when they let the
/// citizen in. Nobody but the visit's two people gets into its room.
/// </summary>
public sealed class PlannedVisitTests : IAsyncLifetime
{
    private TestSmtpServer _smtp = null!;
    private ProductApp _app = null!;
    private TwoMunicipalities _w = null!;

    public async ValueTask InitializeAsync()
    {
        _smtp = new TestSmtpServer();
        _app = await ProductApp.StartAsync(new Dictionary<string, string?>
        {
            ["Notifications:Smtp:Host"] = "127.0.0.1",
            ["Notifications:Smtp:Port"] = _smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Notifications:Smtp:Security"] = "None",
            ["Notifications:PublicUrl"] = "https://samtale.nordby.dk",
        });
        _w = await TwoMunicipalities.CreateAsync(_app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task StaffBooksAVisit_CitizenWithEmailGetsAnIcsInvitationThatNamesNobody()
    {
        await _app.DbAsync(db =>
        {
            db.NotificationSettings.Add(new NotificationSettings { PersonId = _w.Liva.Id, TenantId = _w.Nordby.Id, Email = "borger-9@example.dk", EmailEnabled = true });
            return db.SaveChangesAsync();
        });

        var visit = await BookAsync(new DateTime(2026, 3, 4, 10, 0, 0), 45);

        Assert.Equal(new DateTime(2026, 3, 4, 9, 0, 0, DateTimeKind.Utc), visit.StartsAt);
        var mail = Assert.Single(await _smtp.WaitForAsync(1));
        Assert.Equal("borger-9@example.dk", mail.To.Mailboxes.Single().Address);
        var ics = mail.Attachments.OfType<MimePart>().Single(p => p.ContentType.MimeType == "text/calendar");
        using var content = new MemoryStream();
        await ics.Content!.DecodeToAsync(content);
        var calendar = Encoding.UTF8.GetString(content.ToArray());
        Assert.Contains("DTSTART:20260304T090000Z", calendar, StringComparison.Ordinal);
        Assert.Contains("DTEND:20260304T094500Z", calendar, StringComparison.Ordinal);
        var everything = mail.Subject + "\n" + mail.TextBody + "\n" + calendar;
        foreach (var secret in _w.DisplayNames.Append(_w.LivaWithAnna.CaseReference))
        {
            Assert.DoesNotContain(secret, everything, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task StaffCancelsTheirVisit_ItIsGoneAndTheCalendarGetsACancellation_AnotherStaffMemberCannot()
    {
        await _app.DbAsync(db =>
        {
            db.NotificationSettings.Add(new NotificationSettings { PersonId = _w.Liva.Id, TenantId = _w.Nordby.Id, Email = "borger-9@example.dk", EmailEnabled = true });
            return db.SaveChangesAsync();
        });
        var visit = await BookAsync(new DateTime(2026, 3, 4, 10, 0, 0), 45);
        var cancel = (HttpClient browser) => Forms.SubmitAsync(browser, "/Visits", "Cancel", [KeyValuePair.Create("visitId", visit.Id.ToString())]);

        // Bo's own page has no such button; he posts the form by hand with his own antiforgery token.
        var bosPage = await (await _w.Clients["team-lead"].GetAsync("/Visits")).Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(bosPage, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(token);
        var bosTry = await _w.Clients["team-lead"].PostAsync("/Visits?handler=Cancel", new FormUrlEncodedContent(
            [KeyValuePair.Create("__RequestVerificationToken", token), KeyValuePair.Create("visitId", visit.Id.ToString())]));
        await HttpAssert.StatusAsync(System.Net.HttpStatusCode.BadRequest, bosTry);
        Assert.Equal(1, await _app.DbAsync(db => db.Set<PlannedVisit>().IgnoreQueryFilters().CountAsync()));

        await HttpAssert.StatusAsync(System.Net.HttpStatusCode.OK, await cancel(_w.Clients["staff"]));

        Assert.Equal(0, await _app.DbAsync(db => db.Set<PlannedVisit>().IgnoreQueryFilters().CountAsync()));
        var mails = await _smtp.WaitForAsync(2);
        var ics = mails[1].Attachments.OfType<MimePart>().Single(p => p.ContentType.MimeType == "text/calendar");
        using var content = new MemoryStream();
        await ics.Content!.DecodeToAsync(content);
        var calendar = Encoding.UTF8.GetString(content.ToArray());
        Assert.Contains("METHOD:CANCEL", calendar, StringComparison.Ordinal);
        Assert.Contains($"UID:{visit.Id:N}@samtale", calendar, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CitizenKnocksBeforeTheRoomOpens_IsRefused_TenMinutesBeforeTheyWaitUntilAdmitted()
    {
        var visit = await BookAsync(new DateTime(2026, 3, 2, 10, 0, 0), 30);
        await using var anna = await _w.ConnectAsync("staff");
        await using var liva = await _w.ConnectAsync("citizen");
        Assert.Empty(await anna.OpenRoomAsync(visit.Id));

        _app.Clock.Advance(TimeSpan.FromMinutes(49));
        await HubAssert.RefusedAsync("not-open", () => liva.KnockAsync(visit.Id));
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        await liva.KnockAsync(visit.Id);

        var knock = await anna.NextAsync();
        Assert.StartsWith($"Knocked {visit.Id}", knock, StringComparison.Ordinal);
        Assert.EndsWith(_w.Liva.DisplayName, knock, StringComparison.Ordinal);
        Assert.Empty(await _app.CallsAsync());
        var knockId = Guid.Parse(knock.Split(' ')[2]);

        var ticket = await anna.AdmitAsync(visit.Id, knockId);

        Assert.Equal($"Admitted {visit.Id} {ticket.CallId}", await liva.NextAsync());
        await anna.OfferAsync(ticket.CallId, "v=0 offer");
        Assert.Equal($"Offer {ticket.CallId} v=0 offer", await liva.NextAsync());
        await HubAssert.RefusedAsync("not-found", () => anna.AdmitAsync(visit.Id, knockId));
        var record = Assert.Single(await _app.CallsAsync());
        Assert.True(record.Planned);
        Assert.NotNull(record.AnsweredAt);
    }

    [Fact]
    public async Task WaitingCitizenLeaves_TheKnockDisappearsFromTheRoom()
    {
        var visit = await BookAsync(new DateTime(2026, 3, 2, 9, 5, 0), 30);
        await using var anna = await _w.ConnectAsync("staff");
        await anna.OpenRoomAsync(visit.Id);
        var liva = await _w.ConnectAsync("citizen");
        await liva.KnockAsync(visit.Id);
        var knockId = (await anna.NextAsync()).Split(' ')[2];

        await liva.DisposeAsync();

        Assert.Equal($"KnockGone {visit.Id} {knockId}", await anna.NextAsync());
    }

    [Fact]
    public async Task CitizenKnocksWhileTheStaffMemberIsElsewhereInSamtale_TheirOtherPagesSeeTheKnockAndWhenItIsGone()
    {
        var visit = await BookAsync(new DateTime(2026, 3, 2, 9, 5, 0), 30);
        await using var annaElsewhere = await _w.ConnectAsync("staff");
        var liva = await _w.ConnectAsync("citizen");

        await liva.KnockAsync(visit.Id);

        var knock = await annaElsewhere.NextAsync();
        Assert.StartsWith($"Knocked {visit.Id}", knock, StringComparison.Ordinal);
        await liva.DisposeAsync();
        Assert.Equal($"KnockGone {visit.Id} {knock.Split(' ')[2]}", await annaElsewhere.NextAsync());
    }

    [Theory]
    [InlineData("other-citizen")]
    [InlineData("team-lead")]
    [InlineData("other-municipality-staff")]
    [InlineData("municipality-admin")]
    public async Task Outsider_OpeningKnockingOrAdmittingInSomeoneElsesVisit_IsRefused(string caller)
    {
        var visit = await BookAsync(new DateTime(2026, 3, 2, 9, 5, 0), 30);
        await using var anna = await _w.ConnectAsync("staff");
        await anna.OpenRoomAsync(visit.Id);
        await using var outsider = await _w.ConnectAsync(caller);

        await HubAssert.RefusedAsync("not-found", () => outsider.OpenRoomAsync(visit.Id));
        await HubAssert.RefusedAsync("not-found", () => outsider.KnockAsync(visit.Id));
        await HubAssert.RefusedAsync("not-found", () => outsider.AdmitAsync(visit.Id, Guid.CreateVersion7()));

        Assert.Empty(anna.Drain());
        Assert.Empty(await _app.CallsAsync());
    }

    [Fact]
    public async Task StaffBookingForACitizenTheyAreNotLinkedTo_IsRefusedAndNothingIsStored()
    {
        var response = await Book(_w.Clients["team-lead"], _w.Liva.Id, "2026-03-04T10:00", "30");

        await HttpAssert.StatusAsync(System.Net.HttpStatusCode.BadRequest, response);
        Assert.Equal(0, await _app.DbAsync(db => db.Set<PlannedVisit>().IgnoreQueryFilters().CountAsync()));
    }

    [Theory]
    [InlineData("2026-03-01T10:00", "30")]
    [InlineData("2026-03-04T10:00", "5")]
    [InlineData("2026-03-04T10:00", "600")]
    public async Task StaffBookingInThePastOrWithABadLength_IsRefusedAndNothingIsStored(string start, string minutes)
    {
        await HttpAssert.StatusAsync(System.Net.HttpStatusCode.BadRequest, await Book(_w.Clients["staff"], _w.Liva.Id, start, minutes));

        Assert.Equal(0, await _app.DbAsync(db => db.Set<PlannedVisit>().IgnoreQueryFilters().CountAsync()));
    }

    /// <summary>Books through the staff member's own form on /Visits, as they would.</summary>
    private async Task<PlannedVisit> BookAsync(DateTime localStart, int minutes)
    {
        var response = await Book(_w.Clients["staff"], _w.Liva.Id, localStart.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture), minutes.ToString(CultureInfo.InvariantCulture));
        await HttpAssert.StatusAsync(System.Net.HttpStatusCode.OK, response);
        return await _app.DbAsync(db => db.Set<PlannedVisit>().IgnoreQueryFilters().AsNoTracking().OrderByDescending(v => v.CreatedAt).FirstAsync());
    }

    private static Task<HttpResponseMessage> Book(HttpClient browser, Guid citizenId, string start, string minutes) =>
        Forms.SubmitAsync(browser, "/Visits", "Plan",
        [
            KeyValuePair.Create("citizenId", citizenId.ToString()),
            KeyValuePair.Create("startsAt", start),
            KeyValuePair.Create("minutes", minutes),
        ]);
}
