using System.Net.Http.Headers;
using System.Text;

namespace Samtale.Tests.Messaging;

/// <summary>
/// Upload requests written byte by byte, as a browser or a hostile client sends them: the file name goes
/// out exactly as given (path parts, control characters and all), which HttpClient's own form content
/// would refuse or re-encode.
/// </summary>
public static class Uploads
{
    private const string Boundary = "----samtale-test-boundary-7f3a";

    public static HttpContent Form(byte[] file, string fileName, string clientKey, string text = "")
    {
        using var body = new MemoryStream();
        void Write(string s) => body.Write(Encoding.UTF8.GetBytes(s));
        var quotedName = fileName.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
        Write($"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{quotedName}\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        body.Write(file);
        Write($"\r\n--{Boundary}\r\nContent-Disposition: form-data; name=\"clientKey\"\r\n\r\n{clientKey}");
        Write($"\r\n--{Boundary}\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n{text}");
        Write($"\r\n--{Boundary}--\r\n");
        var content = new ByteArrayContent(body.ToArray());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={Boundary}");
        return content;
    }

    public static Task<HttpResponseMessage> SendAsync(HttpClient browser, Guid conversationId, byte[] file, string fileName, string text = "") =>
        browser.PostAsync($"/api/conversations/{conversationId}/attachments", Form(file, fileName, Guid.NewGuid().ToString("N"), text));
}
