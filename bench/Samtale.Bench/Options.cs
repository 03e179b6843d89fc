using System.Globalization;

namespace Samtale.Bench;

/// <summary>The command line. Defaults are the figures, sized so a full run stays within minutes.</summary>
internal sealed class Options
{
    public const string Usage = """
        usage: Samtale.Bench <benchmarks> [options]
          benchmarks   comma-separated: throughput, latency, history, idle, journal, journal-live, calls, call-setup, or all
                       (journal-live: live chat latency at --rate, --seconds of baseline, then while the
                       --history backlog (100000 unless given) drains to the folder sink)
          --db NAME    sqlite (default; the product's default file database), sqlite-wal, postgres
          --postgres CS  a PostgreSQL server connection string (implies --db postgres); each run creates
                       and drops a database of its own on it
          --pairs N    citizen/staff pairs (200)
          --messages M messages per pair in the throughput run, half from each side (50)
          --inflight K sends in flight per connection in the throughput run (2)
          --rate R     messages/s in the latency run (200)
          --seconds S  measured seconds of the latency run and of the 20-client history run (30 / 20)
          --history N  stored messages for the history run (1000000); journal backlog (100000)
          --idle LIST  idle connection levels (2000,10000)
          --calls N    timed calls per row of call-setup, after 2 warm-up calls (20)
          --repeat N   run each benchmark N times, each on a fresh database and host (1)
          --profile    count the product's database round trips by kind (adds a little overhead)
        """;

    public List<string> Benchmarks { get; private set; } = [];

    public string Database { get; private set; } = "sqlite";

    public string? Postgres { get; private set; }

    public int Pairs { get; private set; } = 200;

    public int Messages { get; private set; } = 50;

    public int InFlight { get; private set; } = 2;

    public int Rate { get; private set; } = 200;

    public int? Seconds { get; private set; }

    public long History { get; private set; } = 1_000_000;

    public List<int> IdleLevels { get; private set; } = [2000, 10000];

    public int Calls { get; private set; } = 20;

    public int Repeat { get; private set; } = 1;

    public bool Profile { get; private set; }

    public static Options Parse(string[] args)
    {
        var o = new Options();
        var dbGiven = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--db":
                    o.Database = Next();
                    dbGiven = true;
                    break;
                case "--postgres":
                    o.Postgres = Next();
                    break;
                case "--pairs":
                    o.Pairs = int.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                case "--messages":
                    o.Messages = int.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                case "--inflight":
                    o.InFlight = int.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                case "--rate":
                    o.Rate = int.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                case "--seconds":
                    o.Seconds = int.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                case "--history":
                    o.History = long.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                case "--idle":
                    o.IdleLevels = Next().Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
                    break;
                case "--calls":
                    o.Calls = int.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                case "--repeat":
                    o.Repeat = int.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                case "--profile":
                    o.Profile = true;
                    break;
                case var name when !name.StartsWith('-'):
                    o.Benchmarks.AddRange(name.Split(',', StringSplitOptions.RemoveEmptyEntries));
                    break;
                default:
                    throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        if (o.Postgres is not null && !dbGiven)
        {
            o.Database = "postgres";
        }

        if (o.Benchmarks.Contains("all"))
        {
            o.Benchmarks = ["throughput", "latency", "history", "idle"];
        }

        if (o.Benchmarks.Count == 0 || o.Benchmarks.Except(["throughput", "latency", "history", "idle", "journal", "journal-live", "calls", "call-setup"]).Any())
        {
            throw new ArgumentException("name one or more benchmarks: throughput, latency, history, idle, journal, journal-live, calls, call-setup, all");
        }

        if (o.Database is not ("sqlite" or "sqlite-wal" or "postgres"))
        {
            throw new ArgumentException("--db is sqlite, sqlite-wal or postgres");
        }

        return o;
    }
}
