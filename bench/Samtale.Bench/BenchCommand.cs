using System.Diagnostics;

namespace Samtale.Bench;

/// <summary>
/// Two roles in one executable: the driver (what you run) starts a copy of itself as the host, which runs
/// the product, so the server's memory and CPU can be read apart from the clients'.
/// </summary>
internal static class BenchCommand
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["host", var provider, var connectionString, var profile])
        {
            return await BenchHost.RunAsync(provider, connectionString, profile == "profile");
        }

        Options options;
        try
        {
            options = Options.Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(Options.Usage);
            return 2;
        }

        // The clients' own continuations should not wait for the pool to grow while thousands of sockets open.
        ThreadPool.SetMinThreads(Math.Max(16, Environment.ProcessorCount * 4), Math.Max(16, Environment.ProcessorCount * 4));

        Console.WriteLine($"Samtale.Bench: {string.Join(", ", options.Benchmarks)} on {options.Database}; {Environment.ProcessorCount} cores, .NET {Environment.Version}, {options.Repeat} run(s)");
        var runs = new List<List<Result>>();
        var started = Stopwatch.GetTimestamp();
        for (var run = 1; run <= options.Repeat; run++)
        {
            Console.WriteLine($"run {run}:");
            var results = new List<Result>();
            foreach (var benchmark in options.Benchmarks)
            {
                results.AddRange(benchmark switch
                {
                    "throughput" => await ThroughputBench.RunAsync(options),
                    "latency" => await LatencyBench.RunAsync(options),
                    "history" => await HistoryBench.RunAsync(options),
                    "journal" => await JournalBench.RunAsync(options),
                    "journal-live" => await JournalLiveBench.RunAsync(options),
                    "calls" => await CallsBench.RunAsync(options),
                    "call-setup" => await CallSetupBench.RunAsync(options),
                    _ => await IdleBench.RunAsync(options),
                });
            }

            runs.Add(results);
        }

        Report.PrintTable(runs);
        Console.WriteLine($"\ntotal {Stopwatch.GetElapsedTime(started).TotalMinutes:F1} min");
        return 0;
    }
}
