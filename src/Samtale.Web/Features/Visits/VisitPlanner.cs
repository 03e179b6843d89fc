using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Samtale.Web.Data;
using Samtale.Web.Features.Links;
using Samtale.Web.Features.Notifications;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Visits;

/// <summary>A planned visit as a list shows it: the other person's name and the times.</summary>
public sealed record UpcomingVisit(Guid Id, string With, DateTime StartsAt, int DurationMinutes, bool Open);

/// <summary>
/// Books planned visits between a staff member and their linked citizens, lists the upcoming ones for
/// either side, and decides who may enter a visit's waiting room and when (from 10 minutes before).
/// </summary>
public sealed class VisitPlanner(AppDbContext db, ReachPolicy reach, CurrentUser me, Notifier notifier, TimeProvider clock)
{
    public const int MinMinutes = 10;
    public const int MaxMinutes = 180;

    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen");

    /// <summary>Books a visit at a local (Danish/Norwegian wall-clock) time. Returns an error key, or the visit.</summary>
    public async Task<(string? ErrorKey, PlannedVisit? Visit)> ScheduleAsync(Guid citizenId, DateTime localStart, int minutes, CancellationToken ct)
    {
        if (!await reach.MayReachAsync(citizenId, me.Id, ct))
        {
            return ("Visits.CitizenNotFound", null);
        }

        if (minutes is < MinMinutes or > MaxMinutes)
        {
            return ("Visits.BadDuration", null);
        }

        var startsAt = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(localStart, DateTimeKind.Unspecified), Zone);
        var now = clock.GetUtcNow().UtcDateTime;
        if (startsAt < now || startsAt > now.AddYears(1))
        {
            return ("Visits.BadStart", null);
        }

        var visit = new PlannedVisit
        {
            TenantId = me.RequireTenant(),
            StaffAccountId = me.Id,
            CitizenId = citizenId,
            StartsAt = startsAt,
            DurationMinutes = minutes,
            CreatedAt = now,
        };
        db.Add(visit);
        await db.SaveChangesAsync(ct);
        await notifier.SendInvitationAsync(citizenId, Invitation.Subject, Invitation.Text(notifier.PublicUrl), Invitation.Ics(visit, notifier.PublicUrl, now), ct);
        return (null, visit);
    }

    /// <summary>The staff member calls off one of their visits; the citizen's calendar gets a cancellation.</summary>
    public async Task<bool> CancelAsync(Guid visitId, CancellationToken ct)
    {
        var visit = await db.Set<PlannedVisit>().SingleOrDefaultAsync(v => v.Id == visitId && v.StaffAccountId == me.Id, ct);
        if (visit is null)
        {
            return false;
        }

        db.Remove(visit);
        await db.SaveChangesAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await notifier.SendInvitationAsync(visit.CitizenId, Invitation.CancelledSubject, Invitation.CancelledText(notifier.PublicUrl), Invitation.Ics(visit, notifier.PublicUrl, now, cancelled: true), ct);
        return true;
    }

    public async Task<List<UpcomingVisit>> UpcomingAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var horizon = now.AddMinutes(-MaxMinutes);
        if (me.IsStaff)
        {
            var rows = await (from v in db.Set<PlannedVisit>()
                              join c in reach.CitizensOf(me.Id) on v.CitizenId equals c.Id
                              where v.StaffAccountId == me.Id && v.StartsAt > horizon
                              orderby v.StartsAt
                              select new { v, c.DisplayName }).ToListAsync(ct);
            return rows.Where(r => r.v.EndsAt > now).Select(r => new UpcomingVisit(r.v.Id, r.DisplayName, r.v.StartsAt, r.v.DurationMinutes, r.v.IsOpenAt(now))).ToList();
        }

        if (me.IsCitizen)
        {
            var rows = await (from v in db.Set<PlannedVisit>()
                              join a in reach.StaffOf(me.Id) on v.StaffAccountId equals a.Id
                              where v.CitizenId == me.Id && v.StartsAt > horizon
                              orderby v.StartsAt
                              select new { v, a.DisplayName }).ToListAsync(ct);
            return rows.Where(r => r.v.EndsAt > now).Select(r => new UpcomingVisit(r.v.Id, r.DisplayName, r.v.StartsAt, r.v.DurationMinutes, r.v.IsOpenAt(now))).ToList();
        }

        return [];
    }

    /// <summary>The visit, if the current person is its staff member, its citizen or its guest, and a link still joins staff member and citizen.</summary>
    public async Task<PlannedVisit?> FindAsync(Guid visitId, CancellationToken ct)
    {
        var visit = await db.Set<PlannedVisit>().AsNoTracking().SingleOrDefaultAsync(v => v.Id == visitId, ct);
        return visit is not null
            && ((me.IsStaff && visit.StaffAccountId == me.Id) || (me.IsCitizen && visit.CitizenId == me.Id) || (me.IsGuest && me.GuestVisitId == visit.Id))
            && await reach.MayReachAsync(visit.CitizenId, visit.StaffAccountId, ct)
            ? visit
            : null;
    }

    public bool IsOpen(PlannedVisit visit) => visit.IsOpenAt(clock.GetUtcNow().UtcDateTime);

    public static string LocalTime(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(utc, Zone).ToString("g", CultureInfo.CurrentCulture);

    /// <summary>
    /// The invitation says only that a screen visit is booked in Samtale, and when: no names, no case, no
    /// subject. The calendar entry is the same, so a shared or synced calendar reveals nothing more.
    /// </summary>
    private static class Invitation
    {
        public const string Subject = "Skærmbesøg i Samtale";

        public const string CancelledSubject = "Skærmbesøg i Samtale er aflyst";

        public static string CancelledText(string link) =>
            $"Et skærmbesøg i Samtale er aflyst. Den vedhæftede kalenderfil fjerner det fra din kalender.\n\nÅbn Samtale: {link}\n\nSvar ikke på denne e-mail.\n";

        public static string Text(string link) =>
            $"Du har fået et skærmbesøg i Samtale. Tidspunktet står i den vedhæftede kalenderinvitation.\n\n" +
            $"Åbn Samtale, når det er tid: {link}\n\nDu kan gå ind i venteværelset 10 minutter før. Svar ikke på denne e-mail.\n";

        public static byte[] Ics(PlannedVisit visit, string link, DateTime now, bool cancelled = false)
        {
            static string At(DateTime utc) => utc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
            var ics = new StringBuilder()
                .Append(CultureInfo.InvariantCulture, $"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Samtale//Skaermbesoeg//DA\r\nMETHOD:{(cancelled ? "CANCEL" : "PUBLISH")}\r\nBEGIN:VEVENT\r\n")
                .Append(CultureInfo.InvariantCulture, $"UID:{visit.Id:N}@samtale\r\nSEQUENCE:{(cancelled ? 1 : 0)}\r\nSTATUS:{(cancelled ? "CANCELLED" : "CONFIRMED")}\r\n")
                .Append(CultureInfo.InvariantCulture, $"DTSTAMP:{At(now)}\r\nDTSTART:{At(visit.StartsAt)}\r\nDTEND:{At(visit.EndsAt)}\r\n")
                .Append("SUMMARY:Skærmbesøg i Samtale\r\n")
                .Append(CultureInfo.InvariantCulture, $"URL:{link}\r\n")
                .Append("BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Skærmbesøg i Samtale\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\n")
                .Append("END:VEVENT\r\nEND:VCALENDAR\r\n");
            return Encoding.UTF8.GetBytes(ics.ToString());
        }
    }
}
