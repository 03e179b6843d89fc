using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Samtale.Bench;

/// <summary>
/// Counts the product's database round trips by kind ("SELECT Sessions", "INSERT Messages", "COMMIT")
/// with the time EF saw each take, so a run can say how many queries one message costs and where the
/// database time goes. Off unless the run asks for --profile.
/// </summary>
internal sealed partial class DbProfile
{
    private readonly ConcurrentDictionary<string, Counter> _counters = new();

    public DbProfile()
    {
        Interceptors = [new Commands(this), new Transactions(this), new Connections(this)];
    }

    public IInterceptor[] Interceptors { get; }

    public void Reset() => _counters.Clear();

    public Dictionary<string, ProfileEntry> Snapshot() =>
        _counters.ToDictionary(kv => kv.Key, kv => new ProfileEntry(kv.Value.Count, kv.Value.Ticks * 1000.0 / TimeSpan.TicksPerSecond));

    /// <summary>Statements, commits and transactions slower than this are printed as they happen, to find what stalls a run.</summary>
    private static readonly TimeSpan Slow = TimeSpan.FromMilliseconds(int.TryParse(Environment.GetEnvironmentVariable("BENCH_SLOW_MS"), out var ms) ? ms : 200);

    private void AddCommand(string sql, TimeSpan duration)
    {
        var kind = Kind(sql);
        Add(kind, duration);
        if (duration > Slow)
        {
            Console.Error.WriteLine($"slow {duration.TotalMilliseconds:F0} ms {DateTime.UtcNow:HH:mm:ss.fff}: {sql.ReplaceLineEndings(" ")[..Math.Min(sql.Length, 160)]}");
        }
    }

    private void Add(string kind, TimeSpan duration)
    {
        if (duration > Slow && kind is "BEGIN" or "COMMIT" or "OPEN")
        {
            Console.Error.WriteLine($"slow {duration.TotalMilliseconds:F0} ms {DateTime.UtcNow:HH:mm:ss.fff}: {kind}");
        }

        var counter = _counters.GetOrAdd(kind, _ => new Counter());
        Interlocked.Increment(ref counter.Count);
        Interlocked.Add(ref counter.Ticks, duration.Ticks);
    }

    private static string Kind(string sql)
    {
        var verb = Verb().Match(sql);
        var table = Table().Match(sql);
        return $"{(verb.Success ? verb.Value.ToUpperInvariant() : "OTHER")} {(table.Success ? table.Groups[1].Value : "?")}";
    }

    [GeneratedRegex(@"\b(SELECT|INSERT|UPDATE|DELETE)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Verb();

    [GeneratedRegex(@"(?:FROM|INTO|UPDATE)\s+""(\w+)""", RegexOptions.IgnoreCase)]
    private static partial Regex Table();

    private sealed class Counter
    {
        public long Count;
        public long Ticks;
    }

    private sealed class Commands(DbProfile profile) : DbCommandInterceptor
    {
        public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            profile.AddCommand(command.CommandText, eventData.Duration);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            profile.AddCommand(command.CommandText, eventData.Duration);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
        {
            profile.AddCommand(command.CommandText, eventData.Duration);
            return ValueTask.FromResult(result);
        }

        public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
        {
            profile.AddCommand(command.CommandText, eventData.Duration);
            return result;
        }

        public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
        {
            profile.AddCommand(command.CommandText, eventData.Duration);
            return result;
        }
    }

    private sealed class Transactions(DbProfile profile) : DbTransactionInterceptor
    {
        // When each transaction began and from where, so one that holds the write lock long can be named.
        private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbTransaction, Tuple<long, System.Diagnostics.StackTrace>> _open = [];

        public override ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
        {
            profile.Add("BEGIN", eventData.Duration);
            _open.AddOrUpdate(result, Tuple.Create(System.Diagnostics.Stopwatch.GetTimestamp(), new System.Diagnostics.StackTrace(1, false)));
            return ValueTask.FromResult(result);
        }

        public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            profile.Add("COMMIT", eventData.Duration);
            if (_open.TryGetValue(transaction, out var began) && System.Diagnostics.Stopwatch.GetElapsedTime(began.Item1) > Slow)
            {
                var frames = began.Item2.GetFrames().Select(f => f.GetMethod()).Where(m => m?.DeclaringType?.Namespace?.StartsWith("Samtale", StringComparison.Ordinal) == true)
                    .Select(m => $"{m!.DeclaringType!.Name}.{m.Name}").Take(4);
                Console.Error.WriteLine($"slow transaction {System.Diagnostics.Stopwatch.GetElapsedTime(began.Item1).TotalMilliseconds:F0} ms {DateTime.UtcNow:HH:mm:ss.fff}: {string.Join(" < ", frames)}");
            }

            return Task.CompletedTask;
        }

        public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            profile.Add("ROLLBACK", eventData.Duration);
            return Task.CompletedTask;
        }
    }

    private sealed class Connections(DbProfile profile) : DbConnectionInterceptor
    {
        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            profile.Add("OPEN", eventData.Duration);
            return Task.CompletedTask;
        }
    }
}

internal sealed record ProfileEntry(long Count, double TotalMs);
