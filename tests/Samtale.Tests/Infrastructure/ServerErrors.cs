using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Samtale.Tests.Infrastructure;

/// <summary>
/// Keeps the product's last error log entries (with their exceptions) in memory, so a test that gets a
/// 500 can say why: the test runner does not show the server's console. Tests run in parallel in one
/// process, so the entries of other tests can appear next to the one that matters; each carries its time.
/// </summary>
public sealed class ServerErrors : ILoggerProvider
{
    private static readonly ConcurrentQueue<(DateTime At, string Text)> Recent = new();

    /// <summary>The entries of the last <paramref name="within"/>, newest last.</summary>
    public static IEnumerable<string> Since(TimeSpan within)
    {
        var from = DateTime.UtcNow - within;
        return Recent.Where(e => e.At >= from).Select(e => $"{e.At:O} {e.Text}");
    }

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            Recent.Enqueue((DateTime.UtcNow, $"{category}: {formatter(state, exception)}\n{exception}"));
            while (Recent.Count > 50)
            {
                Recent.TryDequeue(out _);
            }
        }
    }
}
