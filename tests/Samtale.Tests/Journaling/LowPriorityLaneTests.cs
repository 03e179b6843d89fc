using Samtale.Web.Features.Journaling;

namespace Samtale.Tests.Journaling;

/// <summary>
/// While a backlog drains, the dispatcher works on a thread the operating system ranks below the threads
/// that serve the live chat, so a chat request that wants a core gets it first — also after the pass has
/// awaited a file write or the database.
/// </summary>
public sealed class LowPriorityLaneTests
{
    [Fact]
    public async Task WorkAndItsContinuations_RunAtLowerPriority_AndResultsAndFailuresComeBack()
    {
        using var lane = new LowPriorityLane();

        var (before, after, sameThread) = await lane.RunAsync(async () =>
        {
            var first = Environment.CurrentManagedThreadId;
            var niceBefore = NiceOfThisThread();
            await Task.Delay(20, TestContext.Current.CancellationToken);
            return (niceBefore, NiceOfThisThread(), Environment.CurrentManagedThreadId == first);
        });

        Assert.Equal(LowPriorityLane.Nice, before);
        Assert.Equal(LowPriorityLane.Nice, after);
        Assert.True(sameThread, "the continuation after a real wait left the lane");
        Assert.True(NiceOfThisThread() < LowPriorityLane.Nice, "the test thread itself runs at normal priority");

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => lane.RunAsync<int>(() => throw new InvalidOperationException("bad unit")));
        Assert.Equal("bad unit", failure.Message);
    }

    /// <summary>Field 19 of /proc/thread-self/stat; the name field before it is in parentheses and may hold spaces.</summary>
    private static int NiceOfThisThread()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[19 - 3], System.Globalization.CultureInfo.InvariantCulture);
    }
}
