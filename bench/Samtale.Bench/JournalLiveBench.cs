using System.Collections.Concurrent;
using System.Diagnostics;

namespace Samtale.Bench;

/// <summary>
/// The second half of the drain target: the live chat's latency while the journal backlog drains.
/// One host, one database: the backlog of a sink outage (default 100,000 messages) is seeded into the
/// outbox first (no sink configured, so nothing is journaled yet). Then the live chat runs as in the
/// latency benchmark (all pairs over real WebSockets, a steady open-loop rate, end to end from Send invoked
/// to MessageReceived at the other side) twice: a baseline with the backlog standing still, and again while
/// the host's dispatcher drains the backlog to the folder sink (as in the journal benchmark). Reported: both
/// phases' p50/p95/p99, the ratio of the p99s, and the drain time, each phase with the machine's load.
/// </summary>
internal static class JournalLiveBench
{
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(60);

    // The drain phase sends until the backlog is purged, but never longer than this.
    private static readonly TimeSpan MaxDrain = TimeSpan.FromMinutes(6);

    private sealed record Phase(string Name, long Sent, Percentiles EndToEnd, Percentiles Ack, Percentiles Slip, long Errors, long Lost, double Seconds, double HostCpuMs, double BusyPercent, string Load, string Stalls);

    public static async Task<List<Result>> RunAsync(Options options)
    {
        await using var stage = await Stage.CreateAsync(options);
        var sentAt = new ConcurrentDictionary<string, long>();
        Latencies? current = null;
        ConcurrentQueue<(long Sent, long Ticks)>? timeline = null;
        stage.OnMessage = (receiver, message, arrived) =>
        {
            if (message.SenderId != receiver.Id && sentAt.TryRemove(message.ClientKey, out var start))
            {
                Volatile.Read(ref current)?.Add(arrived - start);
                Volatile.Read(ref timeline)?.Enqueue((start, arrived - start));
            }
        };
        await stage.ConnectPairsAsync();
        var label = stage.DatabaseLabel;
        var total = options.History == 1_000_000 ? 100_000 : options.History;
        var seed = await stage.Host.SendAsync<JournalSeedReply>("journal-seed", total: total);
        Console.WriteLine($"  journal-live [{label}]: backlog of {seed.Messages:N0} messages seeded into the outbox in {seed.SeedSeconds:F1} s (no sink yet); live chat at {options.Rate} msg/s over {stage.Pairs.Count} pairs");

        await LatencyBench.RunScheduleAsync(stage, options.Rate, WarmUp, sentAt, new Latencies(), new Latencies(), () => { });
        await ThroughputBench.WaitForAsync(() => sentAt.IsEmpty, TimeSpan.FromSeconds(10));
        sentAt.Clear();

        async Task<Phase> MeasureAsync(string name, TimeSpan duration, Func<Task>? beforeSend, Func<bool>? stopWhen, Func<Task>? afterSend)
        {
            var e2e = new Latencies();
            var acks = new Latencies();
            var slip = new Latencies();
            long errors = 0;
            var hostBefore = await stage.Host.ResetAsync();
            var driverBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var load = new MachineLoad();
            var started = Stopwatch.GetTimestamp();
            var line = new ConcurrentQueue<(long Sent, long Ticks)>();
            Volatile.Write(ref timeline, line);
            Volatile.Write(ref current, e2e);
            if (beforeSend is not null)
            {
                await beforeSend();
            }

            var sent = await LatencyBench.RunScheduleAsync(stage, options.Rate, duration, sentAt, acks, slip, () => Interlocked.Increment(ref errors), stopWhen);
            await ThroughputBench.WaitForAsync(() => sentAt.IsEmpty, Grace);
            Volatile.Write(ref current, null);
            Volatile.Write(ref timeline, null);
            if (afterSend is not null)
            {
                await afterSend();
            }

            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var lost = sentAt.Count;
            sentAt.Clear();
            var hostAfter = await stage.Host.StatsAsync();
            var hostMs = hostAfter.CpuMs - hostBefore.CpuMs;
            var driverMs = (Process.GetCurrentProcess().TotalProcessorTime - driverBefore).TotalMilliseconds;
            return new Phase(name, sent, e2e.Summarise(), acks.Summarise(), slip.Summarise(), Interlocked.Read(ref errors), lost, seconds, hostMs, load.BusyPercent(), load.Describe(hostMs + driverMs, seconds), Stalls(line, started));
        }

        // Phase 1: the backlog waits, nothing drains.
        var seconds = options.Seconds ?? 30;
        var baseline = await MeasureAsync("baseline", TimeSpan.FromSeconds(seconds), null, null, null);

        // Phase 2: the sink is back; the host drains the backlog while the chat goes on at the same rate,
        // until the backlog is purged (the host answers) or MaxDrain passes.
        Task<JournalReply>? drain = null;
        JournalReply? r = null;
        var draining = await MeasureAsync(
            "draining",
            MaxDrain,
            () =>
            {
                drain = stage.Host.SendAsync<JournalReply>("journal-drain");
                return Task.CompletedTask;
            },
            () => drain!.IsCompleted,
            async () => r = await drain!.WaitAsync(TimeSpan.FromMinutes(15)));
        var ratio = draining.EndToEnd.P99 / baseline.EndToEnd.P99;

        foreach (var p in new[] { baseline, draining })
        {
            Console.WriteLine($"    {p.Name,-9} {p.Sent:N0} sent in {p.Seconds:F1} s, {p.EndToEnd.Count:N0} received, {p.Errors} errors, {p.Lost} not delivered within {Grace.TotalSeconds:F0} s");
            Console.WriteLine($"      end to end: {p.EndToEnd}");
            Console.WriteLine($"      ack:        {p.Ack}");
            Console.WriteLine($"      driver schedule slip: {p.Slip}");
            Console.WriteLine($"      sends that took over 100 ms, by when they were sent (s after the phase began): {p.Stalls}");
            Console.WriteLine($"      host CPU {p.HostCpuMs / 1000:F1} s ({p.HostCpuMs / p.Seconds / 10:F0}% of one core); {p.Load}");
        }

        Console.WriteLine($"    backlog drained (dropped, confirmed, purged): {r!.DrainSeconds:F1} s, folder drop done at {r.DropSeconds:F1} s, {r.Units} backlog units, {r.Passes} passes, drain's host CPU {r.CpuMs / 1000:F1} s; {r.LiveJobs:N0} live messages' jobs meanwhile");
        Console.WriteLine($"    p99 while draining / p99 baseline = {ratio:F2} (target <= 2)");
        if (stage.ClosedConnections > 0)
        {
            Console.WriteLine($"    {stage.ClosedConnections} connections closed; first: {stage.FirstCloseReason}");
        }

        return
        [
            new("journal-live", label, $"baseline end-to-end p50 at {options.Rate} msg/s", baseline.EndToEnd.P50, "ms", null),
            new("journal-live", label, $"baseline end-to-end p95 at {options.Rate} msg/s", baseline.EndToEnd.P95, "ms", null),
            new("journal-live", label, $"baseline end-to-end p99 at {options.Rate} msg/s", baseline.EndToEnd.P99, "ms", null),
            new("journal-live", label, "baseline machine busy (all cores)", baseline.BusyPercent, "%", null),
            new("journal-live", label, $"draining end-to-end p50 at {options.Rate} msg/s", draining.EndToEnd.P50, "ms", null),
            new("journal-live", label, $"draining end-to-end p95 at {options.Rate} msg/s", draining.EndToEnd.P95, "ms", null),
            new("journal-live", label, $"draining end-to-end p99 at {options.Rate} msg/s", draining.EndToEnd.P99, "ms", null),
            new("journal-live", label, "draining machine busy (all cores)", draining.BusyPercent, "%", null),
            new("journal-live", label, "p99 draining / p99 baseline (x100)", ratio * 100, "%", "<= 200 %"),
            new("journal-live", label, "live messages not delivered or failed", baseline.Lost + baseline.Errors + draining.Lost + draining.Errors, "", "0"),
            new("journal-live", label, $"backlog drain of {r.Messages:N0} messages with live chat", r.DrainSeconds, "s", "< 120 s"),
        ];
    }

    /// <summary>Where the slow messages were: runs of sends over 100 ms end to end, as "from–to s (n, worst)".</summary>
    private static string Stalls(IEnumerable<(long Sent, long Ticks)> samples, long phaseStart)
    {
        var slow = samples.Where(s => s.Ticks > Stopwatch.Frequency / 10).OrderBy(s => s.Sent).ToList();
        if (slow.Count == 0)
        {
            return "none";
        }

        static double Seconds(long ticks) => ticks / (double)Stopwatch.Frequency;
        var runs = new List<string>();
        var first = 0;
        for (var i = 1; i <= slow.Count; i++)
        {
            if (i == slow.Count || Seconds(slow[i].Sent - slow[i - 1].Sent) > 1)
            {
                var run = slow[first..i];
                runs.Add($"{Seconds(run[0].Sent - phaseStart):F1}–{Seconds(run[^1].Sent - phaseStart):F1} s ({run.Count}, worst {Seconds(run.Max(s => s.Ticks)) * 1000:F0} ms)");
                first = i;
            }
        }

        return runs.Count <= 12 ? string.Join("; ", runs) : string.Join("; ", runs.Take(12)) + $"; … {runs.Count - 12} more";
    }
}
