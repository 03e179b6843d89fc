using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Samtale.Tests.Infrastructure;
using Samtale.Web.Features.Visits;

namespace Samtale.Tests.Visits;

/// <summary>Steps the guest-link and group-call tests share: book a visit, make a guest link on /Visits, open it on a device.</summary>
public static partial class GuestWorld
{
    /// <summary>Anna books a visit with Liva through her own form; the default time is open at once (the test clock is 08:00 UTC).</summary>
    public static async Task<PlannedVisit> BookVisitAsync(this TwoMunicipalities w, string localStart = "2026-03-02T09:05", int minutes = 30)
    {
        var response = await Forms.SubmitAsync(w.Clients["staff"], "/Visits", "Plan",
        [
            KeyValuePair.Create("citizenId", w.Liva.Id.ToString()),
            KeyValuePair.Create("startsAt", localStart),
            KeyValuePair.Create("minutes", minutes.ToString(CultureInfo.InvariantCulture)),
        ]);
        await HttpAssert.StatusAsync(HttpStatusCode.OK, response);
        var startsAt = TimeZoneInfo.ConvertTimeToUtc(DateTime.Parse(localStart, CultureInfo.InvariantCulture), VisitPlanner.Zone);
        return await w.App.DbAsync(db => db.Set<PlannedVisit>().IgnoreQueryFilters().AsNoTracking().SingleAsync(v => v.StartsAt == startsAt));
    }

    /// <summary>Anna makes a guest link on /Visits and reads it off the page, as she would to copy it.</summary>
    public static async Task<string> CreateGuestLinkAsync(this TwoMunicipalities w, Guid visitId, string label = "Tolk")
    {
        var response = await Forms.SubmitAsync(w.Clients["staff"], "/Visits", "GuestLink",
            [KeyValuePair.Create("visitId", visitId.ToString()), KeyValuePair.Create("label", label)]);
        await HttpAssert.StatusAsync(HttpStatusCode.OK, response);
        var url = GuestUrl().Match(await response.Content.ReadAsStringAsync()).Groups[1].Value;
        Assert.NotEmpty(url);
        return new Uri(url).PathAndQuery;
    }

    /// <summary>A new device opens the link and goes in: it gets the guest session and lands on the visit's call page.</summary>
    public static async Task<HttpClient> EnterAsGuestAsync(this TwoMunicipalities w, string linkPath)
    {
        var device = w.App.Anonymous();
        var entered = await Forms.SubmitAsync(device, linkPath, null, []);
        await HttpAssert.StatusAsync(HttpStatusCode.Redirect, entered);
        Assert.StartsWith("/Visits/Call?visit=", entered.Headers.Location!.OriginalString, StringComparison.Ordinal);
        return device;
    }

    public static Task<CallConnection> ConnectGuestAsync(this TwoMunicipalities w, HttpClient guest) =>
        CallConnection.OpenAsync(w.App, guest, guest: true);

    /// <summary>Waits for the next event of the given kind, skipping others (ICE and Joined interleave freely).</summary>
    public static async Task<string> NextOfAsync(this CallConnection c, string kind)
    {
        while (true)
        {
            var e = await c.NextAsync();
            if (e.StartsWith(kind + " ", StringComparison.Ordinal))
            {
                return e;
            }
        }
    }

    [GeneratedRegex("id=\"guest-url\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex GuestUrl();
}
