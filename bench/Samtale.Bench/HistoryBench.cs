using System.Diagnostics;
using System.Net.Http.Json;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Messaging;

namespace Samtale.Bench;

/// <summary>
/// History pages at a million stored messages: GET /api/conversations/{id}/messages?before=…&amp;limit=50
/// with a random cursor in a random conversation, as a citizen or a staff member scrolling back. First one
/// client asking page after page, then 20 clients at once for a fixed time.
/// </summary>
internal static class HistoryBench
{
    private const int PageSize = 50;
    private const int Concurrency = 20;
    private const int SingleClientPages = 2000;

    public static async Task<List<Result>> RunAsync(Options options)
    {
        await using var stage = await Stage.CreateAsync(options);
        var seeded = await stage.Host.SendAsync<HistoryReply>("history", total: options.History);
        Console.WriteLine($"  history [{stage.DatabaseLabel}]: {seeded.Inserted:N0} messages bulk-inserted in {seeded.Seconds:F1} s ({seeded.TotalRows:N0} rows in {seeded.Conversations.Count} conversations; "
            + $"real AES-GCM ciphertext from the product's ContentCipher, mean body {seeded.MeanBodyBytes} bytes)");

        var byConversation = stage.Pairs.ToDictionary(p => p.ConversationId);
        var ranges = seeded.Conversations.Where(r => byConversation.ContainsKey(r.ConversationId)).ToList();
        await CheckPagesAsync(stage, byConversation, ranges);

        var single = new Latencies();
        await PagesAsync(stage, byConversation, ranges, clients: 1, TimeSpan.FromSeconds(3), new Latencies());
        await stage.Host.ResetAsync();
        var started = Stopwatch.GetTimestamp();
        await PagesAsync(stage, byConversation, ranges, clients: 1, TimeSpan.FromSeconds(60), single, maxPages: SingleClientPages);
        var singleRate = single.Count / Stopwatch.GetElapsedTime(started).TotalSeconds;
        var one = single.Summarise();
        var hostSingle = await stage.Host.StatsAsync();

        var seconds = options.Seconds ?? 20;
        var concurrent = new Latencies();
        await stage.Host.ResetAsync();
        var hostBefore = await stage.Host.StatsAsync();
        var driverBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var load = new MachineLoad();
        started = Stopwatch.GetTimestamp();
        await PagesAsync(stage, byConversation, ranges, Concurrency, TimeSpan.FromSeconds(seconds), concurrent);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var hostAfter = await stage.Host.StatsAsync();
        var many = concurrent.Summarise();
        var rate = many.Count / elapsed;

        Console.WriteLine($"    1 client:   {one}; {singleRate:N0} pages/s");
        Report.PrintProfile(hostSingle, one.Count, "page");
        Console.WriteLine($"    {Concurrency} clients: {rate:N0} pages/s over {elapsed:F0} s; {many}; host CPU {(hostAfter.CpuMs - hostBefore.CpuMs) / Math.Max(1, many.Count):F2} ms/page");
        Console.WriteLine($"    {load.Describe(hostAfter.CpuMs - hostBefore.CpuMs + (Process.GetCurrentProcess().TotalProcessorTime - driverBefore).TotalMilliseconds, elapsed)}");
        Report.PrintProfile(hostAfter, many.Count, "page");

        var label = stage.DatabaseLabel;
        return
        [
            new("history", label, "1 client page p50", one.P50, "ms", null),
            new("history", label, "1 client page p99", one.P99, "ms", "<= 10 ms"),
            new("history", label, "20 clients pages/s", rate, "pages/s", ">= 1000"),
            new("history", label, "20 clients page p99", many.P99, "ms", null),
            new("history", label, "machine busy (all cores, 20 clients)", load.BusyPercent(), "%", null),
            new("history", label, "host CPU per page", (hostAfter.CpuMs - hostBefore.CpuMs) / Math.Max(1, many.Count), "ms", null),
        ];
    }

    /// <summary>The seeded rows must come back as full pages of readable text, or the timings mean nothing.</summary>
    private static async Task CheckPagesAsync(Stage stage, Dictionary<Guid, Pair> pairs, List<ConversationRange> ranges)
    {
        foreach (var range in ranges.Take(5))
        {
            using var request = PageRequest(pairs[range.ConversationId].Staff, range.ConversationId, range.MaxId);
            using var response = await stage.Http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            var page = await response.Content.ReadFromJsonAsync<MessagePage>();
            if (page!.Messages.Count != PageSize || page.Messages.Any(m => m.Text.Length < 20) || page.OlderCursor is null)
            {
                throw new InvalidOperationException($"A history page came back with {page.Messages.Count} messages; the seeded rows do not match what the product reads.");
            }
        }
    }

    private static async Task PagesAsync(Stage stage, Dictionary<Guid, Pair> pairs, List<ConversationRange> ranges, int clients, TimeSpan duration, Latencies latencies, int maxPages = int.MaxValue)
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var pages = 0;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async client =>
        {
            var random = new Random(client);
            while (Stopwatch.GetTimestamp() < until && Interlocked.Increment(ref pages) <= maxPages)
            {
                var range = ranges[random.Next(ranges.Count)];
                var pair = pairs[range.ConversationId];

                // A cursor past the newest 5% of the conversation, so every page is a full 50.
                var cursor = range.MinId + (long)((range.MaxId - range.MinId) * (0.05 + (0.95 * random.NextDouble()))) + 1;
                using var request = PageRequest(random.Next(2) == 0 ? pair.Citizen : pair.Staff, range.ConversationId, cursor);
                var start = Stopwatch.GetTimestamp();
                using var response = await stage.Http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                latencies.AddSince(start);
                response.EnsureSuccessStatusCode();
            }
        }));
    }

    private static HttpRequestMessage PageRequest(Participant who, Guid conversationId, long before)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/conversations/{conversationId}/messages?before={before}&limit={PageSize}");
        request.Headers.Add("Cookie", $"{AuthSetup.CookieName}={who.Cookie}");
        return request;
    }
}
