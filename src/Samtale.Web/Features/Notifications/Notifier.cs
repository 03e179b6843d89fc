using System.Collections.Concurrent;
using System.Threading.Channels;
using Lib.Net.Http.WebPush;
using Lib.Net.Http.WebPush.Authentication;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using Samtale.Web.Data;

namespace Samtale.Web.Features.Notifications;

/// <summary>
/// Tells people that a message is waiting, by e-mail and Web Push, and nothing more: no text, no names, no
/// case data, only "you have a new message in Samtale" and a link. People who have Samtale open already
/// see the message and get nothing. Delivery runs in the background so it never delays a message; a
/// notification lost to a crash costs only the nudge, never the message.
/// </summary>
public sealed class Notifier(
    IServiceScopeFactory scopes,
    IOptions<NotificationOptions> options,
    VapidKeys vapid,
    TimeProvider clock,
    ILogger<Notifier> log) : BackgroundService
{
    private readonly Channel<(Guid PersonId, bool IncomingCall)> _queue = Channel.CreateBounded<(Guid, bool)>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _lastSent = new();
    private readonly PushServiceClient _push = new();

    public const string Subject = "Du har en ny besked i Samtale";

    /// <summary>Queues a nudge for each person; returns at once.</summary>
    public void Enqueue(IEnumerable<Guid> personIds)
    {
        foreach (var id in personIds)
        {
            _queue.Writer.TryWrite((id, false));
        }
    }

    /// <summary>
    /// A push that a screen visit is ringing: no caller name, no e-mail (the ring is over before one is
    /// read), not held back by the quiet period, and dropped by the push service once the ring is over.
    /// </summary>
    public void EnqueueIncomingCall(Guid personId) => _queue.Writer.TryWrite((personId, true));

    public bool EmailAvailable => !string.IsNullOrWhiteSpace(options.Value.Smtp.Host);

    /// <summary>The address people open from a notification.</summary>
    public string PublicUrl => (options.Value.PublicUrl ?? "http://localhost:5080").TrimEnd('/') + "/";

    /// <summary>
    /// Mails a calendar invitation (.ics) to a person who chose e-mail, now rather than queued: the caller
    /// has just booked something. The subject and text are the caller's and must carry no personal data.
    /// Returns whether a mail went out; a failure is logged without the address and does not throw.
    /// </summary>
    public async Task<bool> SendInvitationAsync(Guid personId, string subject, string text, byte[] ics, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var settings = await db.NotificationSettings.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(s => s.PersonId == personId, ct);
            if (settings is not { EmailEnabled: true, Email.Length: > 0 } || !EmailAvailable)
            {
                return false;
            }

            var body = new Multipart("mixed")
            {
                new TextPart("plain") { Text = text },
                new MimePart("text", "calendar") { Content = new MimeContent(new MemoryStream(ics)), FileName = "skaermbesoeg.ics", ContentTransferEncoding = ContentEncoding.Base64 },
            };
            await SendEmailAsync(settings.Email!, subject, body, ct);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogWarning("Invitation for person {PersonId} failed: {Failure}", personId, ex.GetType().Name);
            return false;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (personId, incomingCall) in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await NotifyAsync(personId, incomingCall, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Only the kind of failure: an SMTP server's reply can quote the recipient's address.
                log.LogWarning("Notification for person {PersonId} failed: {Failure}", personId, ex.GetType().Name);
            }
        }
    }

    private async Task NotifyAsync(Guid personId, bool incomingCall, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (!incomingCall && _lastSent.TryGetValue(personId, out var last) && now - last < TimeSpan.FromMinutes(options.Value.QuietMinutes))
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var settings = await db.NotificationSettings.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(s => s.PersonId == personId, ct)
            ?? new NotificationSettings { PersonId = personId };
        var link = (options.Value.PublicUrl ?? "http://localhost:5080").TrimEnd('/') + "/";
        var sent = false;

        if (!incomingCall && settings.EmailEnabled && settings.Email is { Length: > 0 } email && EmailAvailable)
        {
            await SendEmailAsync(email, Subject, new TextPart("plain")
            {
                Text = $"Du har en ny besked i Samtale.\n\nÅbn Samtale for at læse den: {link}\n\n" +
                       "Beskeden står kun i Samtale. Svar ikke på denne e-mail.\n",
            }, ct);
            sent = true;
        }

        if (settings.PushEnabled)
        {
            var subscriptions = await db.WebPushSubscriptions.IgnoreQueryFilters().Where(s => s.PersonId == personId).ToListAsync(ct);
            foreach (var subscription in subscriptions)
            {
                sent |= await PushAsync(db, subscription, link, incomingCall, ct);
            }
        }

        if (sent && !incomingCall)
        {
            _lastSent[personId] = now;
        }
    }

    private async Task SendEmailAsync(string to, string subject, MimeEntity body, CancellationToken ct)
    {
        var smtp = options.Value.Smtp;
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = body;

        using var client = new SmtpClient();
        var security = smtp.Security switch
        {
            "None" => SecureSocketOptions.None,
            "SslOnConnect" => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.StartTls,
        };
        await client.ConnectAsync(smtp.Host!, smtp.Port, security, ct);
        if (smtp.UserName is { Length: > 0 })
        {
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", ct);
        }

        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }

    private async Task<bool> PushAsync(AppDbContext db, WebPushSubscription row, string link, bool incomingCall, CancellationToken ct)
    {
        var (publicKey, privateKey) = await vapid.GetAsync(ct);
        var subscription = new PushSubscription { Endpoint = row.Endpoint };
        subscription.SetKey(PushEncryptionKeyName.P256DH, row.P256dh);
        subscription.SetKey(PushEncryptionKeyName.Auth, row.Auth);
        var payload = System.Text.Json.JsonSerializer.Serialize(new { title = "Samtale", body = incomingCall ? "Du har et indgående skærmbesøg" : "Du har en ny besked", url = link });
        try
        {
            using var auth = new VapidAuthentication(publicKey, privateKey) { Subject = options.Value.Push.Subject };
            await _push.RequestPushMessageDeliveryAsync(subscription, new PushMessage(payload) { Topic = incomingCall ? "incoming-call" : "new-message", Urgency = PushMessageUrgency.High, TimeToLive = incomingCall ? 45 : null }, auth, ct);
            return true;
        }
        catch (PushServiceClientException ex) when (ex.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.Gone)
        {
            // The browser dropped the subscription; so do we.
            db.WebPushSubscriptions.Remove(row);
            await db.SaveChangesAsync(ct);
            return false;
        }
    }
}
