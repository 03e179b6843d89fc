using System.Globalization;

namespace Samtale.Bench;

/// <summary>
/// How busy the whole machine was during a measurement, from /proc/stat: on a shared two-core machine the
/// bench's figures mean little without knowing how much CPU others took meanwhile.
/// </summary>
internal sealed class MachineLoad
{
    private readonly (long Busy, long Total) _start = Read();
    private readonly long _postgresStart = PostgresTicks();
    private readonly long _startedAt = Environment.TickCount64;

    /// <summary>Percent of all cores busy since this was created (100 = every core all the time).</summary>
    public double BusyPercent()
    {
        var end = Read();
        var total = end.Total - _start.Total;
        return total <= 0 ? double.NaN : 100.0 * (end.Busy - _start.Busy) / total;
    }

    /// <summary>CPU the PostgreSQL server's processes used since this was created, in percent of one core.</summary>
    public double PostgresPercentOfOneCore()
    {
        var elapsedMs = Environment.TickCount64 - _startedAt;
        return elapsedMs <= 0 ? double.NaN : 100.0 * (PostgresTicks() - _postgresStart) * 10 / elapsedMs;
    }

    /// <summary>A one-line summary for the run's output.</summary>
    public string Describe(double benchCpuMs, double seconds)
    {
        var busy = BusyPercent();
        var cores = Environment.ProcessorCount;
        var bench = benchCpuMs / (seconds * 1000 * cores) * 100;
        var postgres = Math.Max(0, PostgresPercentOfOneCore() / cores);
        return $"machine {busy:F0}% busy (all {cores} cores): bench host+driver {bench:F0}%, postgres processes {postgres:F0}%, everything else {Math.Max(0, busy - bench - postgres):F0}%";
    }

    // Clock ticks (USER_HZ, 100 a second) of user and system time of processes named "postgres".
    private static long PostgresTicks()
    {
        long ticks = 0;
        if (!Directory.Exists("/proc"))
        {
            return 0;
        }

        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var close = stat.LastIndexOf(')');
                if (close < 0 || !stat.AsSpan(0, close).EndsWith("(postgres", StringComparison.Ordinal))
                {
                    continue;
                }

                var fields = stat[(close + 2)..].Split(' ');
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to read.
            }
        }

        return ticks;
    }

    private static (long Busy, long Total) Read()
    {
        if (!File.Exists("/proc/stat"))
        {
            return (0, 0);
        }

        // cpu  user nice system idle iowait irq softirq steal ...
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var idle = fields[3] + fields[4];
        var total = fields.Take(8).Sum();
        return (total - idle, total);
    }
}
