using Microsoft.Extensions.DependencyInjection;
using Samtale.Tests.Infrastructure;
using Samtale.Tests.Messaging;
using Samtale.Web.Features.Journaling;

namespace Samtale.Tests.Journaling;

/// <summary>Two app nodes on one database: the lease lets exactly one of them deliver each unit.</summary>
public sealed class TwoNodesTests
{
    [Fact]
    public async Task TwoDispatchers_RunAtOnce_EachUnitIsDeliveredExactlyOnce()
    {
        await using var database = await DurableTestDatabase.CreateAsync();
        await using var platform = await TestJournalEndpoint.StartAsync();
        var up = false;
        platform.Answer = (_, post) => up ? (201, $$"""{"receiptId":"R-{{post.IdempotencyKey}}"}""") : (503, "");
        await using var app = await ProductApp.StartOnAsync(database);
        var w = await AnnaAndLiva.CreateAsync(app);
        await JournalKit.UseHttpAsync(app, w.Nordby.Id, platform.Url);
        for (var i = 0; i < 6; i++)
        {
            await Chat.PostAsync(w.LivasPhone, w.ConversationId, $"Besked {i}");
            await JournalKit.RunAsync(app);
            app.Clock.Advance(TimeSpan.FromMinutes(20));
        }

        for (var i = 0; i < 4; i++)
        {
            await Chat.PostAsync(w.AnnasBrowser, w.ConversationId, $"Ikke grupperet endnu {i}");
        }

        var failedAttempts = platform.Received.Count;
        up = true;
        platform.Delay = TimeSpan.FromMilliseconds(30);
        app.Clock.Advance(TimeSpan.FromHours(2));
        var nodeA = JournalKit.Dispatcher(app);
        var nodeB = ActivatorUtilities.CreateInstance<JournalDispatcher>(app.Services);

        var runs = await Task.WhenAll(Task.Run(() => nodeA.RunOnceAsync()), Task.Run(() => nodeB.RunOnceAsync()));
        await nodeA.RunOnceAsync();
        await nodeB.RunOnceAsync();

        var delivered = platform.Received.Skip(failedAttempts).Select(p => p.IdempotencyKey).ToList();
        var units = await JournalKit.UnitsAsync(app);
        Assert.Equal(delivered.Count, delivered.Distinct().Count());
        Assert.Equal(units.Select(u => u.Id.ToString("N")).Order(), delivered.Order());
        Assert.All(units, u => Assert.Equal(JournalUnitState.Purged, u.State));
        Assert.Equal(10, (await JournalKit.JobsAsync(app)).Count(j => j.UnitId != null));
        Assert.True(runs.Sum(r => r.Confirmed) >= 6, "both nodes together confirmed at least the six units that were waiting");
    }
}
