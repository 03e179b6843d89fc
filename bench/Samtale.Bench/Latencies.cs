using System.Diagnostics;

namespace Samtale.Bench;

/// <summary>Latency samples in Stopwatch ticks; thread-safe to add, read once at the end.</summary>
internal sealed class Latencies
{
    private readonly List<long> _ticks = [];
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _ticks.Count;
            }
        }
    }

    public void Add(long ticks)
    {
        lock (_lock)
        {
            _ticks.Add(ticks);
        }
    }

    public void AddSince(long startTimestamp) => Add(Stopwatch.GetTimestamp() - startTimestamp);

    public Percentiles Summarise()
    {
        long[] sorted;
        lock (_lock)
        {
            sorted = [.. _ticks];
        }

        Array.Sort(sorted);
        return new Percentiles(sorted.Length, Ms(sorted, 0.50), Ms(sorted, 0.95), Ms(sorted, 0.99), sorted.Length == 0 ? 0 : ToMs(sorted[^1]));
    }

    private static double Ms(long[] sorted, double quantile) =>
        sorted.Length == 0 ? 0 : ToMs(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)]);

    private static double ToMs(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}

internal sealed record Percentiles(int Count, double P50, double P95, double P99, double Max)
{
    public override string ToString() => $"p50 {P50:F2} ms, p95 {P95:F2} ms, p99 {P99:F2} ms, max {Max:F1} ms (n={Count})";
}
