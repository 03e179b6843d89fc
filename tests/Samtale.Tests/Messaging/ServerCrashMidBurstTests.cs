using System.Collections.Concurrent;
using System.Net;
using Samtale.Tests.Infrastructure;

namespace Samtale.Tests.Messaging;

/// <summary>
/// The crash test. Liva's phone sends a burst of 500 messages over a real WebSocket to the product
/// running as a process of its own; the process is killed with SIGKILL in the middle of it and started again
/// on the same database. An acknowledgement is a promise: every acknowledged message must be there, once.
/// </summary>
public sealed class ServerCrashMidBurstTests
{
    private const int Burst = 500;

    [Fact]
    public async Task KilledServer_AfterRestart_HoldsEveryAcknowledgedMessageExactlyOnceAndResendsMakeNoDuplicates()
    {
        await using var world = await AnnaAndLivaOnARealServer.StartAsync();
        var keys = Enumerable.Range(1, Burst).Select(i => $"burst-{i:D3}").ToList();
        var acknowledged = new ConcurrentDictionary<string, long>();
        using (var stranger = world.Browser("__Host-samtale=forged"))
        using (var phone = world.Browser(world.LivasCookie))
        {
            // The session minted by the in-process setup is one the separate process accepts, and only it.
            await HttpAssert.StatusAsync(HttpStatusCode.OK, await phone.GetAsync("/api/me"));
            await HttpAssert.StatusAsync(HttpStatusCode.Unauthorized, await stranger.GetAsync("/api/me"));
        }


        await using (var phone = await ChatConnection.OpenAsync(world.Server.Address, world.LivasCookie))
        {
            var midBurst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var sends = keys.Select(async key =>
            {
                var ack = await phone.SendAsync(world.ConversationId, key, TextOf(key));
                Assert.Equal(key, ack.ClientKey);
                acknowledged[key] = ack.MessageId;
                if (acknowledged.Count >= Burst / 5)
                {
                    midBurst.TrySetResult();
                }
            }).ToList();
            await midBurst.Task.WaitAsync(TimeSpan.FromSeconds(60));

            await world.Server.KillAsync();

            // The calls still in flight fail with the connection; none can be acknowledged any more.
            await Task.WhenAll(sends.Select(s => s.ContinueWith(_ => { }, TaskScheduler.Default)));
        }

        Assert.InRange(acknowledged.Count, Burst / 5, Burst - 1);
        await world.RestartAsync();
        using var livasPhone = world.Browser(world.LivasCookie);
        var afterCrash = await Chat.HistoryAsync(livasPhone, world.ConversationId);
        foreach (var (key, id) in acknowledged)
        {
            var kept = Assert.Single(afterCrash, m => m.ClientKey == key);
            Assert.Equal((id, TextOf(key)), (kept.Id, kept.Text));
        }

        Assert.Equal(afterCrash.Count, afterCrash.Select(m => m.ClientKey).Distinct().Count());

        await using (var phone = await ChatConnection.OpenAsync(world.Server.Address, world.LivasCookie))
        {
            var resent = await Task.WhenAll(keys.Select(key => phone.SendAsync(world.ConversationId, key, TextOf(key))));
            foreach (var ack in resent.Where(a => acknowledged.ContainsKey(a.ClientKey)))
            {
                Assert.Equal(acknowledged[ack.ClientKey], ack.MessageId);
                Assert.True(ack.Replayed, $"{ack.ClientKey} was acknowledged before the crash but stored again");
            }
        }

        var final = await Chat.HistoryAsync(livasPhone, world.ConversationId);
        Assert.Equal(keys, final.Select(m => m.ClientKey).Order(StringComparer.Ordinal));
        Assert.All(final, m => Assert.Equal(TextOf(m.ClientKey), m.Text));
    }

    private static string TextOf(string key) => $"Besked {key} fra Livas telefon";
}
