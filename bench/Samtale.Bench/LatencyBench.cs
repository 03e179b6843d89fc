using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;
using Samtale.Web.Features.Messaging;

namespace Samtale.Bench;

/// <summary>
/// A steady R messages/s in total, spread round-robin over the pairs and alternating sides, sent on a fixed
/// schedule (open loop: a slow answer does not delay the next send). End-to-end latency runs from just
/// before Send is invoked to MessageReceived arriving at the other side's connection; both ends live in
/// this process, so one clock measures both.
/// </summary>
internal static class LatencyBench
{
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);

    // An overloaded server delivers late, not never: wait this long after the last send before calling
    // a message lost.
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(60);

    public static async Task<List<Result>> RunAsync(Options options)
    {
        await using var stage = await Stage.CreateAsync(options);
        var sentAt = new ConcurrentDictionary<string, long>();
        var endToEnd = new Latencies();
        var measuring = false;
        stage.OnMessage = (receiver, message, arrived) =>
        {
            if (message.SenderId != receiver.Id && sentAt.TryRemove(message.ClientKey, out var start) && Volatile.Read(ref measuring))
            {
                endToEnd.Add(arrived - start);
            }
        };
        await stage.ConnectPairsAsync();

        var seconds = options.Seconds ?? 30;
        var acks = new Latencies();
        long errors = 0;
        var lateSends = new Latencies();

        await RunScheduleAsync(stage, options.Rate, WarmUp, sentAt, new Latencies(), new Latencies(), () => { });
        await ThroughputBench.WaitForAsync(() => sentAt.IsEmpty, TimeSpan.FromSeconds(10));
        sentAt.Clear();
        await stage.Host.ResetAsync();
        var hostBefore = await stage.Host.StatsAsync();
        var driverBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var load = new MachineLoad();
        Volatile.Write(ref measuring, true);
        var sent = await RunScheduleAsync(stage, options.Rate, TimeSpan.FromSeconds(seconds), sentAt, acks, lateSends, () => Interlocked.Increment(ref errors));
        await ThroughputBench.WaitForAsync(() => sentAt.IsEmpty, Grace);
        var hostAfter = await stage.Host.StatsAsync();

        var e2e = endToEnd.Summarise();
        var ack = acks.Summarise();
        var late = lateSends.Summarise();
        Console.WriteLine($"  latency [{stage.DatabaseLabel}] at {options.Rate} msg/s for {seconds} s: {sent:N0} sent, {e2e.Count:N0} received by the other side, {Interlocked.Read(ref errors)} errors, {stage.ClosedConnections} connections closed");
        if (stage.FirstCloseReason is { } reason)
        {
            Console.WriteLine($"    first connection to close: {reason}");
        }

        Console.WriteLine($"    end to end (Send invoked -> MessageReceived at the other client): {e2e}");
        Console.WriteLine($"    acknowledgement (Send invoked -> ack):                             {ack}");
        Console.WriteLine($"    driver schedule slip (due -> invoked):                             {late}");
        Console.WriteLine($"    host CPU {(hostAfter.CpuMs - hostBefore.CpuMs) / Math.Max(1, sent):F2} ms/msg ({(hostAfter.CpuMs - hostBefore.CpuMs) / seconds / 10:F0}% of one core)");
        var benchCpu = hostAfter.CpuMs - hostBefore.CpuMs + (Process.GetCurrentProcess().TotalProcessorTime - driverBefore).TotalMilliseconds;
        Console.WriteLine($"    {load.Describe(benchCpu, seconds)}");
        Report.PrintProfile(hostAfter, sent);

        var label = stage.DatabaseLabel;
        return
        [
            new("latency", label, $"end-to-end p50 at {options.Rate} msg/s", e2e.P50, "ms", "<= 2 ms"),
            new("latency", label, $"end-to-end p95 at {options.Rate} msg/s", e2e.P95, "ms", null),
            new("latency", label, $"end-to-end p99 at {options.Rate} msg/s", e2e.P99, "ms", "<= 10 ms"),
            new("latency", label, $"ack p50 at {options.Rate} msg/s", ack.P50, "ms", null),
            new("latency", label, $"ack p99 at {options.Rate} msg/s", ack.P99, "ms", null),
            new("latency", label, "not delivered within 60 s, or failed", sent - e2e.Count, "", "0"),
            new("latency", label, "machine busy (all cores)", load.BusyPercent(), "%", null),
        ];
    }

    /// <summary>Sends on the schedule for the given time, or until <paramref name="stopWhen"/> says so; returns how many were sent.</summary>
    internal static async Task<long> RunScheduleAsync(Stage stage, int rate, TimeSpan duration, ConcurrentDictionary<string, long> sentAt, Latencies acks, Latencies slip, Action onError, Func<bool>? stopWhen = null)
    {
        var total = (long)(rate * duration.TotalSeconds);
        var pending = new List<Task>((int)Math.Min(total, 1_000_000));
        var interval = Stopwatch.Frequency / (double)rate;
        var start = Stopwatch.GetTimestamp();
        long k = 0;
        for (; k < total && stopWhen?.Invoke() != true; k++)
        {
            var due = start + (long)(k * interval);
            while (Stopwatch.GetTimestamp() < due)
            {
                var wait = (due - Stopwatch.GetTimestamp()) * 1000 / Stopwatch.Frequency;
                if (wait > 1)
                {
                    await Task.Delay((int)wait - 1);
                }
                else
                {
                    Thread.SpinWait(50);
                }
            }

            var pair = stage.Pairs[(int)(k % stage.Pairs.Count)];
            var sender = (k / stage.Pairs.Count) % 2 == 0 ? pair.Citizen : pair.Staff;
            pending.Add(SendAsync(sender, pair.ConversationId, due, sentAt, acks, slip, onError));
        }

        await Task.WhenAll(pending);
        return k;
    }

    private static async Task SendAsync(Participant sender, Guid conversationId, long due, ConcurrentDictionary<string, long> sentAt, Latencies acks, Latencies slip, Action onError)
    {
        // Let the scheduler loop go on at once; the send starts on a pool thread.
        await Task.Yield();
        var key = Guid.NewGuid().ToString("N");
        var start = Stopwatch.GetTimestamp();
        slip.Add(start - due);
        sentAt[key] = start;
        try
        {
            await sender.Connection!.InvokeAsync<MessageAck>("Send", new SendMessage(conversationId, key, Texts.Next()));
            acks.AddSince(start);
        }
        catch (Exception e) when (e is Microsoft.AspNetCore.SignalR.HubException || sender.Connection!.State != HubConnectionState.Connected)
        {
            sentAt.TryRemove(key, out _);
            onError();
        }
    }
}
