namespace Samtale.Web.Features.Citizens;

/// <summary>The long-lived cookie that tells the server which registered device a browser is.</summary>
public static class DeviceCookie
{
    public const string Name = "__Host-samtale-device";

    public static string? Read(HttpRequest request) => request.Cookies[Name];

    public static void Write(HttpResponse response, string token) =>
        response.Cookies.Append(Name, token, new CookieOptions
        {
            HttpOnly = true,
            Secure = true,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            IsEssential = true,
            MaxAge = TimeSpan.FromDays(400),
        });

    public static void Delete(HttpResponse response) =>
        response.Cookies.Delete(Name, new CookieOptions { Secure = true, Path = "/", SameSite = SameSiteMode.Strict });

    /// <summary>"Android, Chrome": enough for staff to tell devices apart, and nothing identifying.</summary>
    public static string Describe(string? userAgent)
    {
        var ua = userAgent ?? "";
        var os = ua.Contains("Android", StringComparison.OrdinalIgnoreCase) ? "Android"
            : ua.Contains("iPhone", StringComparison.OrdinalIgnoreCase) ? "iPhone"
            : ua.Contains("iPad", StringComparison.OrdinalIgnoreCase) ? "iPad"
            : ua.Contains("Windows", StringComparison.OrdinalIgnoreCase) ? "Windows"
            : ua.Contains("Mac OS", StringComparison.OrdinalIgnoreCase) ? "Mac"
            : ua.Contains("Linux", StringComparison.OrdinalIgnoreCase) ? "Linux"
            : "?";
        var browser = ua.Contains("Edg/", StringComparison.Ordinal) ? "Edge"
            : ua.Contains("Firefox/", StringComparison.Ordinal) ? "Firefox"
            : ua.Contains("Chrome/", StringComparison.Ordinal) || ua.Contains("Chromium/", StringComparison.Ordinal) ? "Chrome"
            : ua.Contains("Safari/", StringComparison.Ordinal) ? "Safari"
            : "?";
        return $"{os}, {browser}";
    }
}
