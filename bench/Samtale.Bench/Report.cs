using System.Globalization;

namespace Samtale.Bench;

internal sealed record Result(string Benchmark, string Database, string Metric, double Value, string Unit, string? Target);

/// <summary>Prints what a run measured: a profile per benchmark as it ends, and one table at the end.</summary>
internal static class Report
{
    /// <summary>The host's database round trips and hub time, per message (or per page).</summary>
    public static void PrintProfile(HostStats stats, long units, string unit = "msg")
    {
        if (units <= 0)
        {
            return;
        }

        foreach (var (method, entry) in stats.Hub.OrderByDescending(kv => kv.Value.Count))
        {
            Console.WriteLine($"    hub {method}: {entry.Count:N0} calls, mean {entry.TotalMs / Math.Max(1, entry.Count):F2} ms inside the product's session filter");
        }

        if (stats.Db is not { Count: > 0 } db)
        {
            return;
        }

        var totalCount = db.Values.Sum(e => e.Count);
        var totalMs = db.Values.Sum(e => e.TotalMs);
        Console.WriteLine($"    database: {(double)totalCount / units:F1} round trips per {unit}, {totalMs / units:F2} ms of database time per {unit} (summed over concurrent calls):");
        foreach (var (kind, entry) in db.OrderByDescending(kv => kv.Value.TotalMs))
        {
            Console.WriteLine($"      {kind,-28} {(double)entry.Count / units,6:F2} per {unit}, mean {entry.TotalMs / Math.Max(1, entry.Count),7:F3} ms");
        }
    }

    public static void PrintTable(List<List<Result>> runs)
    {
        Console.WriteLine();
        Console.WriteLine("| benchmark | database | metric | " + string.Join(" | ", runs.Select((_, i) => $"run {i + 1}")) + (runs.Count > 1 ? " | median" : "") + " | target |");
        Console.WriteLine("|---|---|---|" + string.Concat(runs.Select(_ => "---:|")) + (runs.Count > 1 ? "---:|" : "") + "---|");
        foreach (var row in runs[0])
        {
            var values = runs.Select(r => r.FirstOrDefault(x => x.Benchmark == row.Benchmark && x.Database == row.Database && x.Metric == row.Metric)?.Value).ToList();
            var present = values.Where(v => v is not null).Select(v => v!.Value).Order().ToList();
            var median = present.Count == 0 ? double.NaN : present.Count % 2 == 1 ? present[present.Count / 2] : (present[(present.Count / 2) - 1] + present[present.Count / 2]) / 2;
            Console.WriteLine($"| {row.Benchmark} | {row.Database} | {row.Metric} | "
                + string.Join(" | ", values.Select(v => v is null ? "" : Format(v.Value, row.Unit)))
                + (runs.Count > 1 ? $" | {Format(median, row.Unit)}" : "")
                + $" | {row.Target ?? ""} |");
        }
    }

    private static string Format(double value, string unit) => unit switch
    {
        "ms" => value.ToString("F2", CultureInfo.InvariantCulture) + " ms",
        "KB" => value.ToString("F1", CultureInfo.InvariantCulture) + " KB",
        "MB" => value.ToString("F0", CultureInfo.InvariantCulture) + " MB",
        "" => value.ToString("N0", CultureInfo.InvariantCulture),
        _ => value.ToString("N0", CultureInfo.InvariantCulture) + " " + unit,
    };
}
