using System.Globalization;

namespace Samtale.Web.Web;

/// <summary>Times are stored in UTC and shown in the municipality's local time.</summary>
public static class Display
{
    private static readonly TimeZoneInfo Zone = FindZone();

    public static string Time(DateTime? utc) =>
        utc is { } t ? TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(t, DateTimeKind.Utc), Zone).ToString("g", CultureInfo.CurrentCulture) : "–";

    /// <summary>The UTC instant at which a local calendar day begins.</summary>
    public static DateTime StartOfLocalDay(DateOnly day) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), Zone);

    /// <summary>The local calendar day an instant falls on.</summary>
    public static DateOnly LocalDay(DateTime utc) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone));

    public static string Size(long bytes) =>
        bytes < 1024 ? $"{bytes} B"
        : bytes < 1024 * 1024 ? $"{bytes / 1024.0:0} KB"
        : $"{bytes / (1024.0 * 1024.0):0.0} MB";

    public static string Initial(string name) => name.Length > 0 ? name[..1].ToUpper(CultureInfo.CurrentCulture) : "?";

    private static TimeZoneInfo FindZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}
