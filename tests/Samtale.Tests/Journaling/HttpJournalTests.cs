using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Samtale.Tests.Infrastructure;
using Samtale.Tests.Messaging;
using Samtale.Web.Features.Journaling;
using Samtale.Web.Features.Messaging;

namespace Samtale.Tests.Journaling;

/// <summary>The HTTP sink against a real Kestrel endpoint on loopback: what arrives, and how each answer is taken.</summary>
public sealed class HttpJournalTests
{
    [Fact]
    public async Task Messages_ArriveSignedWithPdfAndFiles_AndAReceiptConfirms()
    {
        await using var platform = await TestJournalEndpoint.StartAsync();
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        await JournalKit.UseHttpAsync(app, w.Nordby.Id, platform.Url);
        var a = await Chat.PostAsync(w.LivasPhone, w.ConversationId, "Jeg har brug for hjælp til ansøgningen om støtte");
        var b = await Chat.PostAsync(w.AnnasBrowser, w.ConversationId, "Selvfølgelig — vi tager den på mødet på fredag");
        var photo = SampleFiles.Jpeg(32, 24);
        var c = await HttpAssert.JsonAsync<MessageView>(await Uploads.SendAsync(w.LivasPhone, w.ConversationId, photo, "skema.jpg", "Billede af skemaet"));

        var run = await JournalKit.RunAsync(app);

        Assert.Equal(1, run.Confirmed);
        var post = Assert.Single(platform.Received);
        var unit = (await JournalKit.UnitsAsync(app)).Single();
        Assert.Equal(unit.Id.ToString("N"), post.IdempotencyKey);
        Assert.Equal("sha256=" + HttpSink.Sign(Encoding.UTF8.GetBytes(JournalKit.HmacSecret), post.IdempotencyKey, post.Body), post.Signature);
        var text = JournalKit.PdfText(post.Pdf);
        Assert.All(new[] { a, b, c }, m => Assert.Contains(m.Text, text, StringComparison.Ordinal));
        using var metadata = JsonDocument.Parse(post.Metadata);
        Assert.Equal("SAG-2026-0001", metadata.RootElement.GetProperty("caseNumber").GetString());
        Assert.Equal(JournalKit.Sha256(post.Pdf), metadata.RootElement.GetProperty("pdf").GetProperty("sha256").GetString());
        var file = Assert.Single(post.Attachments);
        var storedSha = await app.DbAsync(db => db.Attachments.Select(x => x.Sha256).SingleAsync());
        Assert.Equal(storedSha, JournalKit.Sha256(file.Bytes));
        Assert.Equal(JournalKit.Sha256(file.Bytes), metadata.RootElement.GetProperty("attachments")[0].GetProperty("sha256").GetString());
        Assert.Equal(3, metadata.RootElement.GetProperty("messages").GetArrayLength());
        Assert.Equal($"R-{unit.Id:N}", unit.ReceiptId);
    }

    [Fact]
    public async Task SuccessWithoutReceipt_IsNotAConfirmation_AndNothingIsPurged()
    {
        await using var platform = await TestJournalEndpoint.StartAsync();
        platform.Answer = (_, _) => (200, """{"status":"ok"}""");
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        await JournalKit.UseHttpAsync(app, w.Nordby.Id, platform.Url);
        await Chat.PostAsync(w.LivasPhone, w.ConversationId, "Hej");

        var run = await JournalKit.RunAsync(app);

        Assert.Equal((0, 1, 0), (run.Confirmed, run.Retried, run.Purged));
        var unit = (await JournalKit.UnitsAsync(app)).Single();
        Assert.Equal((JournalUnitState.Pending, "http: 200 without receipt"), (unit.State, unit.LastError));
        Assert.Equal(("Hej", JournalState.Waiting), (await Chat.HistoryAsync(w.AnnasBrowser, w.ConversationId)).Select(m => (m.Text, m.Journal)).Single());
    }

    [Theory]
    [InlineData(200, "garbage, not json")]
    [InlineData(200, "[\"receiptId\"]")]
    [InlineData(500, "{\"receiptId\":\"R-1\"}")]
    [InlineData(503, "")]
    [InlineData(429, "")]
    public async Task FailingOrGarbledAnswer_Retries(int status, string body)
    {
        await using var platform = await TestJournalEndpoint.StartAsync();
        platform.Answer = (_, _) => (status, body);
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        await JournalKit.UseHttpAsync(app, w.Nordby.Id, platform.Url);
        await Chat.PostAsync(w.LivasPhone, w.ConversationId, "Hej");

        Assert.Equal(1, (await JournalKit.RunAsync(app)).Retried);
        Assert.Equal(JournalUnitState.Pending, (await JournalKit.UnitsAsync(app)).Single().State);
    }

    [Fact]
    public async Task ClientError_ParksTheUnitForAnOperator()
    {
        await using var platform = await TestJournalEndpoint.StartAsync();
        platform.Answer = (_, _) => (422, """{"error":"unknown case"}""");
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        await JournalKit.UseHttpAsync(app, w.Nordby.Id, platform.Url);
        await Chat.PostAsync(w.LivasPhone, w.ConversationId, "Hej");

        Assert.Equal(1, (await JournalKit.RunAsync(app)).Parked);
        var unit = (await JournalKit.UnitsAsync(app)).Single();
        Assert.Equal((JournalUnitState.Parked, "http: 422"), (unit.State, unit.LastError));
        Assert.Equal(JournalState.Failed, (await Chat.HistoryAsync(w.AnnasBrowser, w.ConversationId)).Single().Journal);
    }

    [Fact]
    public async Task SinkDown_BuildsABacklogWithBackOff_ThenRecovers_DeliversEverythingOnce_ThenPurges()
    {
        await using var platform = await TestJournalEndpoint.StartAsync();
        var down = true;
        platform.Answer = (_, post) => down ? (503, "") : (201, $$"""{"receiptId":"R-{{post.IdempotencyKey}}"}""");
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        await JournalKit.UseHttpAsync(app, w.Nordby.Id, platform.Url);
        var sent = new List<string>();
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 3; i++)
            {
                var text = $"Runde {round} besked {i}: hvordan går det med æblerne?";
                await Chat.PostAsync(i % 2 == 0 ? w.LivasPhone : w.AnnasBrowser, w.ConversationId, text);
                sent.Add(text);
            }

            await JournalKit.RunAsync(app);
            app.Clock.Advance(TimeSpan.FromHours(5));
        }

        var units = await JournalKit.UnitsAsync(app);
        Assert.Equal(3, units.Count);
        Assert.All(units, u => Assert.Equal(JournalUnitState.Pending, u.State));
        Assert.All(await Chat.HistoryAsync(w.AnnasBrowser, w.ConversationId), m => Assert.Equal(JournalState.Waiting, m.Journal));
        var attemptsDuringOutage = platform.Received.Count;

        down = false;
        app.Clock.Advance(TimeSpan.FromHours(2));
        var recovered = await JournalKit.RunAsync(app);

        Assert.Equal((3, 3), (recovered.Confirmed, recovered.Purged));
        var delivered = platform.Received.Skip(attemptsDuringOutage).ToList();
        Assert.Equal(3, delivered.Select(p => p.IdempotencyKey).Distinct().Count());
        var allText = string.Join(" ", delivered.Select(p => JournalKit.PdfText(p.Pdf)));
        Assert.All(sent, s => Assert.Contains(s, allText, StringComparison.Ordinal));
        Assert.Equal(9, delivered.Sum(p => JsonDocument.Parse(p.Metadata).RootElement.GetProperty("messages").GetArrayLength()));
        Assert.All(await Chat.HistoryAsync(w.AnnasBrowser, w.ConversationId), m => Assert.Equal(JournalState.Purged, m.Journal));
        Assert.Equal(0, (await JournalKit.RunAsync(app)).Confirmed);
        Assert.Equal(attemptsDuringOutage + 3, platform.Received.Count);
    }

    [Fact]
    public async Task CrashBetweenDeliveryAndMarking_RedeliversWithTheSameIdempotencyKey_AfterTheLeaseRunsOut()
    {
        await using var platform = await TestJournalEndpoint.StartAsync();
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        await JournalKit.UseHttpAsync(app, w.Nordby.Id, platform.Url);
        await Chat.PostAsync(w.LivasPhone, w.ConversationId, "Kun én gang i sagen, tak");
        var dispatcher = JournalKit.Dispatcher(app);
        dispatcher.BeforeMark = _ => throw new IOException("the process died here");

        await Assert.ThrowsAsync<IOException>(() => dispatcher.RunOnceAsync());
        dispatcher.BeforeMark = null;

        Assert.Single(platform.Received);
        Assert.Equal(0, (await JournalKit.RunAsync(app)).Confirmed);
        Assert.Single(platform.Received);
        Assert.Equal("Kun én gang i sagen, tak", (await Chat.HistoryAsync(w.AnnasBrowser, w.ConversationId)).Single().Text);

        app.Clock.Advance(TimeSpan.FromMinutes(3));
        var again = await JournalKit.RunAsync(app);

        Assert.Equal((1, 1), (again.Confirmed, again.Purged));
        var posts = platform.Received.ToList();
        Assert.Equal(2, posts.Count);
        Assert.Equal(posts[0].IdempotencyKey, posts[1].IdempotencyKey);
        Assert.Equal(JournalKit.Sha256(posts[0].Pdf), JournalKit.Sha256(posts[1].Pdf));
    }

    [Fact]
    public async Task RestartedDispatcher_OnANewNode_RedeliversAnUnmarkedUnitWithTheSameKey()
    {
        await using var database = await DurableTestDatabase.CreateAsync();
        await using var platform = await TestJournalEndpoint.StartAsync();
        string firstKey;
        Guid conversationId;
        await using (var app = await ProductApp.StartOnAsync(database))
        {
            var w = await AnnaAndLiva.CreateAsync(app);
            conversationId = w.ConversationId;
            await JournalKit.UseHttpAsync(app, w.Nordby.Id, platform.Url);
            await Chat.PostAsync(w.LivasPhone, w.ConversationId, "Før genstarten");
            JournalKit.Dispatcher(app).BeforeMark = _ => throw new IOException("killed");
            await Assert.ThrowsAsync<IOException>(() => JournalKit.RunAsync(app));
            firstKey = platform.Received.Single().IdempotencyKey;
        }

        await using (var restarted = await ProductApp.StartOnAsync(database))
        {
            restarted.Clock.Advance(TimeSpan.FromMinutes(3));
            var run = await JournalKit.RunAsync(restarted);

            Assert.Equal(1, run.Confirmed);
            Assert.Equal([firstKey, firstKey], platform.Received.Select(p => p.IdempotencyKey));
            Assert.Equal(JournalUnitState.Purged, (await JournalKit.UnitsAsync(restarted)).Single().State);
        }
    }

    [Fact]
    public async Task RepeatedFailures_ParkAfterTheConfiguredAttempts()
    {
        await using var platform = await TestJournalEndpoint.StartAsync();
        platform.Answer = (_, _) => (500, "");
        await using var app = await ProductApp.StartAsync(new Dictionary<string, string?> { ["Journal:MaxAttempts"] = "3" });
        var w = await AnnaAndLiva.CreateAsync(app);
        await JournalKit.UseHttpAsync(app, w.Nordby.Id, platform.Url);
        await Chat.PostAsync(w.LivasPhone, w.ConversationId, "Hej");

        for (var i = 0; i < 3; i++)
        {
            await JournalKit.RunAsync(app);
            app.Clock.Advance(TimeSpan.FromHours(2));
        }

        var unit = (await JournalKit.UnitsAsync(app)).Single();
        Assert.Equal((JournalUnitState.Parked, 3, "http: 500"), (unit.State, unit.Attempts, unit.LastError));
        Assert.Equal(3, platform.Received.Count);
        await JournalKit.RunAsync(app);
        Assert.Equal(3, platform.Received.Count);
    }

    [Fact]
    public async Task PlatformAcceptsButAnswersTooLate_IsRetried_AndTheRedeliveryCarriesTheSameKey()
    {
        await using var platform = await TestJournalEndpoint.StartAsync();
        platform.Delay = TimeSpan.FromSeconds(3);
        await using var app = await ProductApp.StartAsync(new Dictionary<string, string?> { ["Journal:HttpTimeout"] = "00:00:01" });
        var w = await AnnaAndLiva.CreateAsync(app);
        await JournalKit.UseHttpAsync(app, w.Nordby.Id, platform.Url);
        await Chat.PostAsync(w.LivasPhone, w.ConversationId, "Sendt mens platformen var langsom");

        Assert.Equal(1, (await JournalKit.RunAsync(app)).Retried);
        var unit = (await JournalKit.UnitsAsync(app)).Single();
        Assert.Equal((JournalUnitState.Pending, "http: timeout"), (unit.State, unit.LastError));
        Assert.Equal("Sendt mens platformen var langsom", (await Chat.HistoryAsync(w.AnnasBrowser, w.ConversationId)).Single().Text);

        platform.Delay = TimeSpan.Zero;
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, (await JournalKit.RunAsync(app)).Confirmed);

        Assert.Equal([unit.Id.ToString("N"), unit.Id.ToString("N")], platform.Received.Select(p => p.IdempotencyKey));
        Assert.Equal(JournalKit.Sha256(platform.Received.First().Pdf), JournalKit.Sha256(platform.Received.Last().Pdf));
    }
}
