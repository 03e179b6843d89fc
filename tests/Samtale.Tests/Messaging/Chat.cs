using System.Net;
using System.Net.Http.Json;
using Samtale.Tests.Infrastructure;
using Samtale.Web.Features.Messaging;

namespace Samtale.Tests.Messaging;

/// <summary>The conversation API as the chat pages' script calls it.</summary>
public static class Chat
{
    public static async Task<List<InboxEntry>> InboxAsync(HttpClient browser) =>
        await HttpAssert.JsonAsync<List<InboxEntry>>(await browser.GetAsync("/api/conversations"));

    public static async Task<MessagePage> PageAsync(HttpClient browser, Guid conversationId, long? before = null, int? limit = null)
    {
        var query = new List<string>();
        if (before is { } b)
        {
            query.Add($"before={b}");
        }

        if (limit is { } l)
        {
            query.Add($"limit={l}");
        }

        var path = $"/api/conversations/{conversationId}/messages" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
        return await HttpAssert.JsonAsync<MessagePage>(await browser.GetAsync(path));
    }

    /// <summary>The whole history, walking the cursor back to the first message; oldest first.</summary>
    public static async Task<List<MessageView>> HistoryAsync(HttpClient browser, Guid conversationId)
    {
        var pages = new List<IReadOnlyList<MessageView>>();
        long? before = null;
        do
        {
            var page = await PageAsync(browser, conversationId, before, limit: 100);
            pages.Add(page.Messages);
            before = page.OlderCursor;
        }
        while (before is not null);

        return pages.AsEnumerable().Reverse().SelectMany(p => p).ToList();
    }

    /// <summary>Sends over HTTP, the fallback for clients without a WebSocket.</summary>
    public static async Task<MessageView> PostAsync(HttpClient browser, Guid conversationId, string text, string? clientKey = null)
    {
        var response = await browser.PostAsJsonAsync($"/api/conversations/{conversationId}/messages", new PostMessage(clientKey ?? Guid.NewGuid().ToString("N"), text));
        await HttpAssert.StatusAsync(HttpStatusCode.Created, response);
        return (await response.Content.ReadFromJsonAsync<MessageView>())!;
    }
}
