using System.Globalization;

namespace Samtale.Web.Web;

/// <summary>Times are stored in UTC and shown in the municipality's local time.</summary>
public static class Display
{
    private static readonly TimeZoneInfo Zone = FindZone();

    public static string Time(DateTime? utc) =>
        utc is { } t ? TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(t, DateTimeKind.Utc), Zone).ToString("g", CultureInfo.CurrentCulture) : "–";

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
