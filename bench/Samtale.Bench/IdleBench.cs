using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;

namespace Samtale.Bench;

/// <summary>
/// Opens idle hub connections in steps (2,000 then 10,000 by default) against the host process and reads
/// its memory after a full, compacting GC at each step: the difference from the baseline, divided by the
/// connections, is the memory one idle connection costs. The connections then stay open for two
/// keep-alive intervals, to see that the server keeps all of them. Sessions are shared (a person with
/// several tabs or devices), which is what the product's LiveConnections and groups see anyway.
/// </summary>
internal static class IdleBench
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Hold = TimeSpan.FromSeconds(35);

    public static async Task<List<Result>> RunAsync(Options options)
    {
        await using var stage = await Stage.CreateAsync(options);
        var cookies = stage.Pairs.SelectMany(p => new[] { p.Citizen.Cookie, p.Staff.Cookie }).ToList();
        var connections = new List<HubConnection>();
        long closedByServer = 0;
        var results = new List<Result>();
        var label = stage.DatabaseLabel;
        try
        {
            // Warm the connect path (JIT, pools), then measure the baseline without any connection.
            var warm = stage.Connect(cookies[0]);
            await warm.StartAsync();
            await ThroughputBench.WaitForAsync(async () => (await stage.Host.StatsAsync()).LiveConnections == 1, TimeSpan.FromSeconds(10));
            await warm.DisposeAsync();
            await ThroughputBench.WaitForAsync(async () => (await stage.Host.StatsAsync()).LiveConnections == 0, TimeSpan.FromSeconds(10));
            await Task.Delay(Settle);
            var baseline = await stage.Host.CollectAsync();
            var driverBaseline = DriverWorkingSet();
            Console.WriteLine($"  idle [{label}]: baseline host working set {Mb(baseline.WorkingSetBytes)} MB, GC heap {Mb(baseline.GcHeapBytes)} MB, GC committed {Mb(baseline.GcCommittedBytes)} MB");

            foreach (var level in options.IdleLevels.Order())
            {
                var started = Stopwatch.GetTimestamp();
                var toOpen = Enumerable.Range(connections.Count, level - connections.Count).ToList();
                var opened = new HubConnection[toOpen.Count];
                string? failure = null;
                await Parallel.ForAsync(0, toOpen.Count, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
                {
                    var connection = stage.Connect(cookies[toOpen[i] % cookies.Count]);
                    connection.Closed += _ =>
                    {
                        Interlocked.Increment(ref closedByServer);
                        return Task.CompletedTask;
                    };
                    try
                    {
                        await connection.StartAsync(ct);
                        opened[i] = connection;
                    }
                    catch (Exception e) when (e is HttpRequestException or System.Net.WebSockets.WebSocketException or IOException)
                    {
                        failure ??= e.Message;
                        await connection.DisposeAsync();
                    }
                });
                connections.AddRange(opened.Where(c => c is not null));
                var connectSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                if (failure is not null)
                {
                    Console.WriteLine($"    stopped at {connections.Count:N0} connections: {failure}");
                }

                await ThroughputBench.WaitForAsync(async () => (await stage.Host.StatsAsync()).LiveConnections >= connections.Count, TimeSpan.FromSeconds(30));
                await Task.Delay(Settle);
                var stats = await stage.Host.CollectAsync();
                var n = stats.LiveConnections;
                var perWs = (stats.WorkingSetBytes - baseline.WorkingSetBytes) / 1024.0 / Math.Max(1, n);
                var perHeap = (stats.GcHeapBytes - baseline.GcHeapBytes) / 1024.0 / Math.Max(1, n);
                var perCommitted = (stats.GcCommittedBytes - baseline.GcCommittedBytes) / 1024.0 / Math.Max(1, n);
                Console.WriteLine($"    {n:N0} live connections (opened in {connectSeconds:F1} s, {toOpen.Count / connectSeconds:N0}/s): host working set {Mb(stats.WorkingSetBytes)} MB, "
                    + $"GC heap {Mb(stats.GcHeapBytes)} MB, GC committed {Mb(stats.GcCommittedBytes)} MB -> per connection {perWs:F1} KB working set, {perHeap:F1} KB GC heap, {perCommitted:F1} KB GC committed; "
                    + $"driver working set +{Mb(DriverWorkingSet() - driverBaseline)} MB");
                results.Add(new("idle", label, $"live connections at step {level:N0}", n, "", null));
                results.Add(new("idle", label, $"working set per connection ({level:N0})", perWs, "KB", "<= 30 KB"));
                results.Add(new("idle", label, $"GC heap per connection ({level:N0})", perHeap, "KB", null));
                results.Add(new("idle", label, $"host working set ({level:N0})", stats.WorkingSetBytes / 1024.0 / 1024.0, "MB", null));
            }

            var cpuBefore = (await stage.Host.StatsAsync()).CpuMs;
            await Task.Delay(Hold);
            var held = await stage.Host.CollectAsync();
            Console.WriteLine($"    after {Hold.TotalSeconds:F0} s idle: {held.LiveConnections:N0} live on the server, {Interlocked.Read(ref closedByServer)} closed; host working set {Mb(held.WorkingSetBytes)} MB; "
                + $"host CPU while idle {(held.CpuMs - cpuBefore) / Hold.TotalSeconds / 10:F1}% of one core (keep-alive pings)");
            results.Add(new("idle", label, "live after 35 s idle", held.LiveConnections, "", null));
            return results;
        }
        finally
        {
            await Parallel.ForEachAsync(connections, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (c, _) => await c.DisposeAsync());
        }
    }

    private static long DriverWorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("F0", System.Globalization.CultureInfo.InvariantCulture);
}
