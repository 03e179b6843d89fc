namespace Samtale.Web.Features.Notifications;

public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>The address people open from a notification, e.g. https://samtale.kommune.dk. Defaults to the server's own.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>A person gets at most one notification in this many minutes, however many messages arrive.</summary>
    public int QuietMinutes { get; set; } = 10;

    public SmtpSettings Smtp { get; set; } = new();

    public PushSettings Push { get; set; } = new();

    public sealed class SmtpSettings
    {
        /// <summary>No host, no e-mail: the e-mail channel is then not offered.</summary>
        public string? Host { get; set; }

        public int Port { get; set; } = 587;

        /// <summary>"None", "StartTls" or "SslOnConnect".</summary>
        public string Security { get; set; } = "StartTls";

        public string? UserName { get; set; }

        public string? Password { get; set; }

        public string From { get; set; } = "Samtale <noreply@samtale.local>";
    }

    public sealed class PushSettings
    {
        public string Subject { get; set; } = "mailto:drift@samtale.local";

        /// <summary>
        /// The push services Samtale will post to. A browser names its push endpoint, so without this list
        /// a forged subscription could make the server call any address.
        /// </summary>
        public List<string> AllowedHosts { get; set; } =
            ["fcm.googleapis.com", "updates.push.services.mozilla.com", ".push.apple.com", ".notify.windows.com"];
    }
}
