using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using MimeKit;
using Samtale.Web.Features.Notifications;

namespace Samtale.Web.Features.Journaling;

public enum SinkResult
{
    Confirmed,
    AwaitingReceipt,
    Retry,
    Park,
}

/// <summary>What a sink said. The reason is for operators: status codes and error kinds, never content.</summary>
public sealed record SinkOutcome(SinkResult Result, string? ReceiptId = null, string? Reason = null)
{
    public static SinkOutcome Confirmed(string receipt) => new(SinkResult.Confirmed, receipt);

    public static SinkOutcome Retry(string reason) => new(SinkResult.Retry, null, reason);

    public static SinkOutcome Park(string reason) => new(SinkResult.Park, null, reason);
}

public interface IJournalSink
{
    JournalSinkKind Kind { get; }

    Task<SinkOutcome> DeliverAsync(JournalDocument doc, byte[] pdf, JournalSettings settings, CancellationToken ct);

    /// <summary>For sinks that confirm later: the receipt if it has come, else null.</summary>
    Task<string?> ReceiptAsync(Guid unitId, JournalSettings settings, CancellationToken ct);
}

/// <summary>
/// Folder drop for a software robot. Every file is written under a temporary name and renamed into
/// place, and the XML goes last: a robot that acts on the XML never sees a half-written PDF. The robot
/// confirms by writing {unit}.receipt (its receipt id as the first line) into the same folder. A
/// redelivery writes the same names, so the robot sees one document, not two.
/// </summary>
public sealed class FolderSink(IOptions<JournalOptions> options) : IJournalSink
{
    public JournalSinkKind Kind => JournalSinkKind.Folder;

    public static string ReceiptFile(string folder, Guid unitId) => Path.Combine(folder, $"{unitId:N}.receipt");

    public async Task<SinkOutcome> DeliverAsync(JournalDocument doc, byte[] pdf, JournalSettings settings, CancellationToken ct)
    {
        if (!options.Value.FolderAllowed(settings.FolderPath))
        {
            return SinkOutcome.Retry("folder: outside Journal:FolderRoots");
        }

        if (!Directory.Exists(settings.FolderPath))
        {
            return SinkOutcome.Retry("folder: missing");
        }

        if (await ReceiptAsync(doc.UnitId, settings, ct) is { } receipt)
        {
            return SinkOutcome.Confirmed(receipt);
        }

        try
        {
            foreach (var a in doc.Attachments)
            {
                await WriteAtomicallyAsync(settings.FolderPath, a.FileName(doc.UnitId), a.Bytes, ct);
            }

            await WriteAtomicallyAsync(settings.FolderPath, doc.PdfFileName, pdf, ct);
            await WriteAtomicallyAsync(settings.FolderPath, doc.MetadataFileName, doc.MetadataXml(JournalDocument.Sha256Hex(pdf)), ct);
            return new SinkOutcome(SinkResult.AwaitingReceipt);
        }
        catch (IOException e)
        {
            // A full disk or a vanished share: the temp file is gone, nothing half-written is visible.
            return SinkOutcome.Retry($"folder: {e.GetType().Name} 0x{e.HResult:X8}");
        }
        catch (UnauthorizedAccessException)
        {
            return SinkOutcome.Retry("folder: access denied");
        }
    }

    public async Task<string?> ReceiptAsync(Guid unitId, JournalSettings settings, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(settings.FolderPath))
        {
            return null;
        }

        var file = ReceiptFile(settings.FolderPath, unitId);
        if (!File.Exists(file))
        {
            return null;
        }

        var text = (await File.ReadAllTextAsync(file, ct)).Split('\n')[0].Trim();
        return text.Length is > 0 and <= 200 ? text : null;
    }

    private static async Task WriteAtomicallyAsync(string folder, string name, byte[] bytes, CancellationToken ct)
    {
        var target = Path.Combine(folder, name);
        var temp = Path.Combine(folder, $".{name}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(bytes, ct);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}

/// <summary>
/// HTTP POST to an integration platform: multipart/form-data with the metadata as JSON, the PDF and the
/// attachments. The Idempotency-Key header is the unit id, the same on every redelivery. The body is
/// signed with HMAC-SHA256 over "{idempotency key}.{hex sha256 of the body}" with the
/// municipality's key, so the receiver can check that the document comes from Samtale and is whole.
/// </summary>
public sealed class HttpSink(IHttpClientFactory clients, IDataProtectionProvider protection) : IJournalSink
{
    public const string ClientName = "journal";
    public const string SecretPurpose = "Samtale.Journal.HttpSecret";

    public JournalSinkKind Kind => JournalSinkKind.Http;

    public async Task<SinkOutcome> DeliverAsync(JournalDocument doc, byte[] pdf, JournalSettings settings, CancellationToken ct)
    {
        if (!Uri.TryCreate(settings.HttpUrl, UriKind.Absolute, out var url) || settings.ProtectedHttpSecret is null)
        {
            return SinkOutcome.Retry("http: not configured");
        }

        var secret = Encoding.UTF8.GetBytes(protection.CreateProtector(SecretPurpose).Unprotect(settings.ProtectedHttpSecret));
        using var form = new MultipartFormDataContent($"samtale-{doc.IdempotencyKey}");
        form.Add(new StringContent(JsonSerializer.Serialize(doc.MetadataJson(JournalDocument.Sha256Hex(pdf))), Encoding.UTF8, "application/json"), "metadata");
        form.Add(File(pdf, "application/pdf"), "pdf", doc.PdfFileName);
        foreach (var a in doc.Attachments)
        {
            form.Add(File(a.Bytes, a.ContentType), "attachment", a.FileName(doc.UnitId));
        }

        var body = await form.ReadAsByteArrayAsync(ct);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = form.Headers.ContentType;
        request.Headers.Add("Idempotency-Key", doc.IdempotencyKey);
        request.Headers.Add("X-Samtale-Signature", "sha256=" + Sign(secret, doc.IdempotencyKey, body));
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, ct);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return await ReceiptOfAsync(response, ct) is { } receipt
                    ? SinkOutcome.Confirmed(receipt)
                    : SinkOutcome.Retry($"http: {status} without receipt");
            }

            // The receiver refused this document; sending it again unchanged would be refused again.
            return status is >= 400 and < 500 and not 408 and not 429
                ? SinkOutcome.Park($"http: {status}")
                : SinkOutcome.Retry($"http: {status}");
        }
        catch (HttpRequestException e)
        {
            return SinkOutcome.Retry($"http: {e.HttpRequestError}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return SinkOutcome.Retry("http: timeout");
        }
    }

    public Task<string?> ReceiptAsync(Guid unitId, JournalSettings settings, CancellationToken ct) => Task.FromResult<string?>(null);

    /// <summary>The signature a receiver recomputes; public so the tests and the docs use the same formula.</summary>
    public static string Sign(byte[] secret, string idempotencyKey, byte[] body)
    {
        var signed = Encoding.UTF8.GetBytes($"{idempotencyKey}.{Convert.ToHexStringLower(SHA256.HashData(body))}");
        return Convert.ToHexStringLower(HMACSHA256.HashData(secret, signed));
    }

    private static ByteArrayContent File(byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return content;
    }

    private static async Task<string?> ReceiptOfAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("receiptId", out var id)
                && id.ValueKind == JsonValueKind.String
                && id.GetString() is { Length: > 0 and <= 200 } receipt ? receipt : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>
/// E-mail to the municipality's case mailbox through the installation's SMTP relay. The relay's
/// acceptance confirms; the Message-ID is built from the unit id, so a mailbox that de-duplicates drops a
/// redelivery.
/// </summary>
public sealed class EmailSink(IOptions<NotificationOptions> options) : IJournalSink
{
    public JournalSinkKind Kind => JournalSinkKind.Email;

    public async Task<SinkOutcome> DeliverAsync(JournalDocument doc, byte[] pdf, JournalSettings settings, CancellationToken ct)
    {
        var smtp = options.Value.Smtp;
        if (string.IsNullOrWhiteSpace(smtp.Host) || !MailboxAddress.TryParse(settings.EmailTo, out var to))
        {
            return SinkOutcome.Retry("email: not configured");
        }

        var message = new MimeMessage { Subject = $"Journal {doc.CaseReference} {doc.Day:yyyy-MM-dd}", MessageId = $"{doc.IdempotencyKey}@samtale.journal" };
        message.From.Add(MailboxAddress.Parse(smtp.From));
        message.To.Add(to);
        message.Headers.Add("X-Samtale-Idempotency-Key", doc.IdempotencyKey);
        var builder = new BodyBuilder { TextBody = $"{doc.Title}\nSagsnummer: {doc.CaseReference}\nDokument-id: {doc.UnitId}\n" };
        builder.Attachments.Add(doc.PdfFileName, pdf, new ContentType("application", "pdf"));
        builder.Attachments.Add(doc.MetadataFileName, doc.MetadataXml(JournalDocument.Sha256Hex(pdf)), new ContentType("application", "xml"));
        foreach (var a in doc.Attachments)
        {
            builder.Attachments.Add(a.FileName(doc.UnitId), a.Bytes, ContentType.Parse(a.ContentType));
        }

        message.Body = builder.ToMessageBody();
        try
        {
            using var client = new SmtpClient { Timeout = 30_000 };
            var security = Enum.TryParse<SecureSocketOptions>(smtp.Security, ignoreCase: true, out var s) ? s : SecureSocketOptions.StartTls;
            await client.ConnectAsync(smtp.Host, smtp.Port, security, ct);
            if (!string.IsNullOrEmpty(smtp.UserName))
            {
                await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", ct);
            }

            var answer = await client.SendAsync(message, ct);
            await client.DisconnectAsync(true, ct);
            var receipt = $"smtp:{message.MessageId}";
            return SinkOutcome.Confirmed(answer is { Length: > 0 } ? Truncate($"{receipt} {answer}") : receipt);
        }
        catch (SmtpCommandException e) when ((int)e.StatusCode is >= 500 and < 600 && e.ErrorCode == SmtpErrorCode.RecipientNotAccepted)
        {
            return SinkOutcome.Park($"email: recipient refused {(int)e.StatusCode}");
        }
        catch (Exception e) when (e is SmtpCommandException or SmtpProtocolException or IOException or System.Net.Sockets.SocketException or TimeoutException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return SinkOutcome.Retry($"email: {e.GetType().Name}");
        }
    }

    public Task<string?> ReceiptAsync(Guid unitId, JournalSettings settings, CancellationToken ct) => Task.FromResult<string?>(null);

    private static string Truncate(string s) => s.Length <= 200 ? s : s[..200];
}
