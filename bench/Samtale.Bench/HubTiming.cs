using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;

namespace Samtale.Bench;

/// <summary>
/// A hub filter the bench adds after the product's own, so it runs inside the session check: its time is
/// the hub method alone (access check, validation, encryption, insert, commit, broadcast). The client's
/// round trip minus this is transport, queueing and the per-call session check.
/// </summary>
internal sealed class HubTiming : IHubFilter
{
    private readonly ConcurrentDictionary<string, Counter> _counters = new();

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return await next(invocationContext);
        }
        finally
        {
            var counter = _counters.GetOrAdd(invocationContext.HubMethodName, _ => new Counter());
            Interlocked.Increment(ref counter.Count);
            Interlocked.Add(ref counter.Ticks, Stopwatch.GetTimestamp() - start);
        }
    }

    public void Reset() => _counters.Clear();

    public Dictionary<string, ProfileEntry> Snapshot() =>
        _counters.ToDictionary(kv => kv.Key, kv => new ProfileEntry(kv.Value.Count, kv.Value.Ticks * 1000.0 / Stopwatch.Frequency));

    private sealed class Counter
    {
        public long Count;
        public long Ticks;
    }
}
