using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Visits;

namespace Samtale.Bench;

/// <summary>
/// The screen-visit signalling server alone (issue 4, deliverable 11, second half): every pair's staff
/// member rings and the citizen answers, all at once (call set-ups per second, each with its call record
/// written and updated); then, with all those calls in progress, a steady R ICE candidates/s relayed
/// between the call's two connections, timed from Ice invoked to Ice arriving at the other side; then all
/// hang up. Media is not involved: WebRTC set-up time needs browsers (see bench/README.md).
/// </summary>
internal static class CallsBench
{
    private const string Candidate = "{\"candidate\":\"candidate:842163049 1 udp 1677729535 203.0.113.7 51234 typ srflx raddr 10.0.0.7 rport 51234 generation 0 ufrag 4ZcD network-cost 999\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0,\"usernameFragment\":\"4ZcD\"}";

    public static async Task<List<Result>> RunAsync(Options options)
    {
        await using var stage = await Stage.CreateAsync(options);
        var label = stage.DatabaseLabel;
        var calls = stage.Pairs.Select(p => new BenchCall(p)).ToList();
        var arrivals = new ConcurrentDictionary<string, long>();
        var relay = new Latencies();
        var measuring = false;

        await Parallel.ForEachAsync(calls, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (call, ct) =>
        {
            call.Staff = Connect(stage, call.Pair.Staff.Cookie);
            call.Citizen = Connect(stage, call.Pair.Citizen.Cookie);
            foreach (var side in new[] { call.Staff, call.Citizen })
            {
                side.On<Guid, string>("Ice", (_, candidate) =>
                {
                    var arrived = Stopwatch.GetTimestamp();
                    var key = candidate[^38..^2];
                    if (arrivals.TryRemove(key, out var sent) && Volatile.Read(ref measuring))
                    {
                        relay.Add(arrived - sent);
                    }
                });
            }

            call.Citizen.On<IncomingCall>("Ringing", incoming => call.Rang.TrySetResult(incoming.CallId));
            await call.Staff.StartAsync(ct);
            await call.Citizen.StartAsync(ct);
            await call.Citizen.InvokeAsync<CallTicket>("CheckRelay", ct);
        });

        // Set-ups: ring (record written, callee's group rung) and accept (record updated), all pairs at once.
        var setups = new Latencies();
        var started = Stopwatch.GetTimestamp();
        long setupErrors = 0;
        await Parallel.ForEachAsync(calls, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (call, ct) =>
        {
            var t0 = Stopwatch.GetTimestamp();
            try
            {
                var ticket = await call.Staff!.InvokeAsync<CallTicket>("Ring", call.Pair.Citizen.Id, ct);
                call.CallId = ticket.CallId;
                await call.Rang.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
                await call.Citizen!.InvokeAsync<CallTicket>("Accept", call.CallId, ct);
                setups.AddSince(t0);
            }
            catch (Exception)
            {
                Interlocked.Increment(ref setupErrors);
            }
        });
        var setupSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var setupRate = calls.Count / setupSeconds;
        var setup = setups.Summarise();

        // Relay: R candidates/s across the calls in progress, alternating sides, open loop.
        var seconds = options.Seconds ?? 30;
        var rate = options.Rate;
        var total = (long)rate * seconds;
        var pending = new List<Task>((int)total);
        var interval = Stopwatch.Frequency / (double)rate;
        long relayErrors = 0;
        await stage.Host.ResetAsync();
        var hostBefore = await stage.Host.StatsAsync();
        Volatile.Write(ref measuring, true);
        var start = Stopwatch.GetTimestamp();
        for (long k = 0; k < total; k++)
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

            var call = calls[(int)(k % calls.Count)];
            var sender = (k / calls.Count) % 2 == 0 ? call.Staff! : call.Citizen!;
            pending.Add(RelayAsync(sender, call.CallId, arrivals, () => Interlocked.Increment(ref relayErrors)));
        }

        await Task.WhenAll(pending);
        await ThroughputBench.WaitForAsync(() => arrivals.IsEmpty, TimeSpan.FromSeconds(30));
        var hostAfter = await stage.Host.StatsAsync();
        var lost = arrivals.Count;

        await Parallel.ForEachAsync(calls, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (call, ct) =>
        {
            await call.Staff!.InvokeAsync("HangUp", call.CallId, false, ct);
            await call.Staff!.DisposeAsync();
            await call.Citizen!.DisposeAsync();
        });

        var r = relay.Summarise();
        Console.WriteLine($"  calls [{label}]: {calls.Count} set-ups in {setupSeconds:F2} s = {setupRate:F0}/s, {Interlocked.Read(ref setupErrors)} errors; ring -> answered {setup}");
        Console.WriteLine($"    relay at {rate} ICE/s over {calls.Count} calls for {seconds} s: {r}; {lost} not delivered, {Interlocked.Read(ref relayErrors)} errors");
        Console.WriteLine($"    host CPU {(hostAfter.CpuMs - hostBefore.CpuMs) / Math.Max(1, total):F3} ms per relayed message");
        return
        [
            new("calls", label, $"call set-ups/s ({calls.Count} at once, records persisted)", setupRate, "/s", ">= 100/s"),
            new("calls", label, "ring -> answered p50", setup.P50, "ms", null),
            new("calls", label, "ring -> answered p99", setup.P99, "ms", null),
            new("calls", label, $"relay p50 at {rate}/s, {calls.Count} calls", r.P50, "ms", null),
            new("calls", label, $"relay p99 at {rate}/s, {calls.Count} calls", r.P99, "ms", "<= 5 ms"),
            new("calls", label, "relayed messages lost or refused", lost + Interlocked.Read(ref relayErrors), "", "0"),
        ];
    }

    private static async Task RelayAsync(HubConnection sender, Guid callId, ConcurrentDictionary<string, long> arrivals, Action onError)
    {
        await Task.Yield();
        var key = Guid.NewGuid().ToString();
        var start = Stopwatch.GetTimestamp();
        arrivals[key] = start;
        try
        {
            await sender.InvokeAsync("Ice", callId, Candidate[..^1] + ",\"k\":\"" + key + "\"}");
        }
        catch (Exception)
        {
            arrivals.TryRemove(key, out _);
            onError();
        }
    }

    private static HubConnection Connect(Stage stage, string cookie) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(stage.Host.BaseAddress, "/hubs/calls"), o =>
            {
                o.SkipNegotiation = true;
                o.Transports = HttpTransportType.WebSockets;
                o.Headers["Cookie"] = $"{AuthSetup.CookieName}={cookie}";
            })
            .Build();

    private sealed class BenchCall(Pair pair)
    {
        public Pair Pair { get; } = pair;

        public HubConnection? Staff { get; set; }

        public HubConnection? Citizen { get; set; }

        public Guid CallId { get; set; }

        public TaskCompletionSource<Guid> Rang { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
