using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Samtale.Web.Features.Messaging;

namespace Samtale.Bench;

/// <summary>
/// Every pair sends M messages as fast as acknowledgements come back: both sides of every pair send half,
/// each connection keeping K sends in flight. An acknowledgement means the row is committed, so
/// acknowledged messages per second is persisted messages per second. Deliveries to the other side are
/// counted too, and the stored row count is checked at the end.
/// </summary>
internal static class ThroughputBench
{
    private static readonly TimeSpan Cap = TimeSpan.FromMinutes(3);

    public static async Task<List<Result>> RunAsync(Options options)
    {
        await using var stage = await Stage.CreateAsync(options);
        long delivered = 0;
        stage.OnMessage = (receiver, message, _) =>
        {
            if (message.SenderId != receiver.Id)
            {
                Interlocked.Increment(ref delivered);
            }
        };
        await stage.ConnectPairsAsync();

        // Warm-up: one message from each side of each pair, so JIT and pools are not what is measured.
        await SendAllAsync(stage.Pairs, perSide: 1, inFlight: 1, new Latencies(), CancellationToken.None);
        await WaitForAsync(() => Interlocked.Read(ref delivered) >= stage.Pairs.Count * 2, TimeSpan.FromSeconds(30));

        var perSide = Math.Max(1, options.Messages / 2);
        var expected = (long)perSide * 2 * stage.Pairs.Count;
        Interlocked.Exchange(ref delivered, 0);
        await stage.Host.ResetAsync();
        var hostBefore = await stage.Host.StatsAsync();
        var driverBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var acks = new Latencies();
        using var cap = new CancellationTokenSource(Cap);

        var load = new MachineLoad();
        var started = Stopwatch.GetTimestamp();
        var (acked, errors) = await SendAllAsync(stage.Pairs, perSide, options.InFlight, acks, cap.Token);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var allDelivered = await WaitForAsync(() => Interlocked.Read(ref delivered) >= acked, TimeSpan.FromSeconds(30));
        var deliveredElapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;

        var hostAfter = await stage.Host.CountAsync();
        var driverCpu = (Process.GetCurrentProcess().TotalProcessorTime - driverBefore).TotalMilliseconds;
        var hostCpu = hostAfter.CpuMs - hostBefore.CpuMs;
        var ackLatency = acks.Summarise();
        var rate = acked / elapsed;

        Console.WriteLine($"  throughput [{stage.DatabaseLabel}]: {acked:N0} of {expected:N0} acknowledged in {elapsed:F1} s = {rate:N0} msg/s persisted; {errors} errors, {stage.ClosedConnections} connections closed; " +
            $"delivered to the other side: {Interlocked.Read(ref delivered):N0}{(allDelivered ? "" : " (NOT ALL)")} ({Interlocked.Read(ref delivered) / deliveredElapsed:N0}/s)");
        if (stage.FirstCloseReason is { } reason)
        {
            Console.WriteLine($"    first connection to close: {reason}");
        }

        Console.WriteLine($"    ack round trip under load: {ackLatency}");
        Console.WriteLine($"    rows stored: {hostAfter.MessageRows:N0} (warm-up included); host CPU {hostCpu / acked:F2} ms/msg, driver CPU {driverCpu / acked:F2} ms/msg, host thread-pool threads {hostAfter.ThreadPoolThreads}");
        Console.WriteLine($"    {load.Describe(hostCpu + driverCpu, deliveredElapsed)}");
        Report.PrintProfile(hostAfter, acked);

        var label = stage.DatabaseLabel;
        return
        [
            new("throughput", label, "persisted msg/s (200 pairs)", rate, "msg/s", ">= 2500"),
            new("throughput", label, "ack p50 under load", ackLatency.P50, "ms", null),
            new("throughput", label, "ack p99 under load", ackLatency.P99, "ms", null),
            new("throughput", label, "host CPU per message", hostCpu / acked, "ms", null),
            new("throughput", label, "driver CPU per message", driverCpu / acked, "ms", null),
            new("throughput", label, "errors", errors, "", "0"),
            new("throughput", label, "connections closed", stage.ClosedConnections, "", "0"),
            new("throughput", label, "machine busy (all cores)", load.BusyPercent(), "%", null),
        ];
    }

    private static async Task<(long Acked, long Errors)> SendAllAsync(List<Pair> pairs, int perSide, int inFlight, Latencies acks, CancellationToken stop)
    {
        long acked = 0;
        long errors = 0;
        var senders = pairs.SelectMany(p => new[] { (p.Citizen, p.ConversationId), (p.Staff, p.ConversationId) });
        await Task.WhenAll(senders.Select(async s =>
        {
            var next = 0;
            await Task.WhenAll(Enumerable.Range(0, inFlight).Select(async _ =>
            {
                while (!stop.IsCancellationRequested && Interlocked.Increment(ref next) <= perSide)
                {
                    var start = Stopwatch.GetTimestamp();
                    try
                    {
                        await s.Item1.Connection!.InvokeAsync<MessageAck>("Send", new SendMessage(s.ConversationId, Guid.NewGuid().ToString("N"), Texts.Next()), CancellationToken.None);
                        acks.AddSince(start);
                        Interlocked.Increment(ref acked);
                    }
                    catch (HubException)
                    {
                        Interlocked.Increment(ref errors);
                    }
                    catch (InvalidOperationException) when (s.Item1.Connection!.State != HubConnectionState.Connected)
                    {
                        // The connection closed under load (the server stopped answering pings in time, or
                        // aborted it); what it had left to send is not sent, and the run says so.
                        Interlocked.Increment(ref errors);
                        return;
                    }
                }
            }));
        }));
        return (acked, errors);
    }

    internal static Task<bool> WaitForAsync(Func<bool> condition, TimeSpan timeout) =>
        WaitForAsync(() => Task.FromResult(condition()), timeout);

    internal static async Task<bool> WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var until = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!await condition())
        {
            if (Stopwatch.GetTimestamp() > until)
            {
                return false;
            }

            await Task.Delay(10);
        }

        return true;
    }
}

/// <summary>Message texts of a chat line's length (20 to 240 characters), varied so no layer can cache them.</summary>
internal static class Texts
{
    private const string Sample =
        "Hej. Jeg har fået brevet om mødet, men jeg kan ikke komme på tirsdag, fordi min datter er syg. Kan vi " +
        "flytte det til ugen efter? Jeg sender også de papirer, du bad om, så snart jeg har fået dem fra lægen. " +
        "Mange tak for hjælpen indtil nu, det betyder meget for os.";

    public static string Next()
    {
        var length = Random.Shared.Next(20, 241);
        return $"{Sample[..length]} #{Random.Shared.Next(100_000)}";
    }
}
