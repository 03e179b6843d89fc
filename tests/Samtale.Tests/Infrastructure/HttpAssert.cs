using System.Net;
using System.Net.Http.Json;

namespace Samtale.Tests.Infrastructure;

/// <summary>Status assertions that show what the server said when they fail, not just the status code.</summary>
public static class HttpAssert
{
    public static async Task StatusAsync(HttpStatusCode expected, HttpResponseMessage response)
    {
        if (response.StatusCode != expected)
        {
            Assert.Fail($"Expected {(int)expected} {expected}, got {await DescribeAsync(response)}");
        }
    }

    public static async Task SuccessAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            Assert.Fail($"Expected success, got {await DescribeAsync(response)}");
        }
    }

    public static async Task<T> JsonAsync<T>(HttpResponseMessage response)
    {
        await SuccessAsync(response);
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    private static async Task<string> DescribeAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (body.Length > 2000)
        {
            body = body[..2000] + " …";
        }

        var errors = (int)response.StatusCode >= 500 ? "\nServer errors logged in the last 30 s (any test):\n" + string.Join("\n", ServerErrors.Since(TimeSpan.FromSeconds(30))) : "";
        return $"{(int)response.StatusCode} {response.StatusCode} from {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}"
            + $"\nContent-Type: {response.Content.Headers.ContentType}\n{body}{errors}";
    }
}
