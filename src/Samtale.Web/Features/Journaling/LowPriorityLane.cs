using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Samtale.Web.Features.Journaling;

/// <summary>
/// One thread of its own, at a lower CPU priority than the threads that serve people, on which the
/// journal dispatcher does its passes: reading and decrypting a unit, rendering its PDF, writing it out,
/// marking and purging. When a backlog drains during office hours the live chat must not queue behind
/// that work. The operating system's scheduler does the yielding: when a chat request wants a core it
/// gets it first, and when nobody does the dispatcher runs at full speed, so a drain on a quiet machine
/// takes no longer than before.
/// </summary>
/// <remarks>
/// The thread carries a synchronization context, so a pass's own continuations come back to it after an
/// await that really waited (a file write, PostgreSQL); on SQLite most awaits complete at once and never
/// leave the thread. A pass must not block on a task it started (nothing else would run the lane).
/// </remarks>
public sealed class LowPriorityLane : IDisposable
{
    /// <summary>Linux nice value of the thread (0 is normal, 19 the lowest): about a tenth of a normal thread's share when both want a core.</summary>
    internal const int Nice = 10;

    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = [];
    private readonly Thread _thread;

    public LowPriorityLane()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "journal-lane" };
        _thread.Start();
    }

    /// <summary>Runs <paramref name="work"/> on the lane, continuations included, and completes with its result.</summary>
    public Task<T> RunAsync<T>(Func<Task<T>> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(_ => _ = StartAsync(work, done), null);
        return done.Task;
    }

    private static async Task StartAsync<T>(Func<Task<T>> work, TaskCompletionSource<T> done)
    {
        try
        {
            done.TrySetResult(await work());
        }
        catch (OperationCanceledException e)
        {
            done.TrySetCanceled(e.CancellationToken);
        }
        catch (Exception e)
        {
            done.TrySetException(e);
        }
    }

    private void Post(SendOrPostCallback callback, object? state)
    {
        if (!_queue.IsAddingCompleted)
        {
            _queue.Add((callback, state));
        }
    }

    private void Run()
    {
        Lower();
        SynchronizationContext.SetSynchronizationContext(new LaneContext(this));
        foreach (var (callback, state) in _queue.GetConsumingEnumerable())
        {
            callback(state);
        }
    }

    /// <summary>
    /// .NET's <see cref="Thread.Priority"/> is not applied on Linux, so the thread sets its own nice value
    /// (on Linux, setpriority with a thread id changes that one thread; lowering priority needs no privilege).
    /// </summary>
    private static void Lower()
    {
        if (OperatingSystem.IsLinux())
        {
            _ = SetPriority(0 /* PRIO_PROCESS */, GetThreadId(), Nice);
        }
        else
        {
            Thread.CurrentThread.Priority = ThreadPriority.BelowNormal;
        }
    }

    public void Dispose()
    {
        _queue.CompleteAdding();
        _thread.Join(TimeSpan.FromSeconds(5));
    }

    private sealed class LaneContext(LowPriorityLane lane) : SynchronizationContext
    {
        public override void Post(SendOrPostCallback d, object? state) => lane.Post(d, state);

        public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException("The lane runs work asynchronously only.");

        public override SynchronizationContext CreateCopy() => this;
    }

    // Plain DllImport: two int-only calls need no marshalling, and LibraryImport would need unsafe code.
    [DllImport("libc", EntryPoint = "gettid")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int GetThreadId();

    [DllImport("libc", EntryPoint = "setpriority")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetPriority(int which, int who, int priority);
}
