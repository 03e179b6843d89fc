using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Samtale.Tests.Infrastructure;
using Samtale.Tests.Messaging;
using Samtale.Web.Features.Journaling;

namespace Samtale.Tests.Journaling;

/// <summary>Right of access: the administrator's export of one citizen, including where purged content went.</summary>
public sealed class CitizenExportTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("samtale-journal-").FullName;

    [Fact]
    public async Task Export_HoldsLiveMessages_PurgedTombstonesWithTheirReceipt_AndIsAudited_AsJsonAndPdf()
    {
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        await JournalKit.UseFolderAsync(app, w.Nordby.Id, _folder);
        await Chat.PostAsync(w.LivasPhone, w.ConversationId, "Den første besked, nu i sagen");
        await JournalKit.RunAsync(app);
        var unit = (await JournalKit.UnitsAsync(app)).Single();
        await File.WriteAllTextAsync(FolderSink.ReceiptFile(_folder, unit.Id), "ESDH-2026-777");
        await JournalKit.RunAsync(app);
        await Chat.PostAsync(w.AnnasBrowser, w.ConversationId, "Den anden besked, stadig i Samtale");

        var response = await w.Admin.GetAsync($"/api/admin/citizens/{w.Liva.Id}/export");

        await HttpAssert.StatusAsync(HttpStatusCode.OK, response);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal("Liva Citizen", root.GetProperty("displayName").GetString());
        Assert.Equal("SAG-2026-0001", root.GetProperty("links")[0].GetProperty("caseReference").GetString());
        var messages = root.GetProperty("conversations")[0].GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(2, messages.Count);
        Assert.True(messages[0].GetProperty("purgedFromSamtale").GetBoolean());
        Assert.Equal(JsonValueKind.Null, messages[0].GetProperty("text").ValueKind);
        Assert.Equal("Den anden besked, stadig i Samtale", messages[1].GetProperty("text").GetString());
        var journal = root.GetProperty("journal")[0];
        Assert.Equal(("ESDH-2026-777", "Purged", unit.Id.ToString()), (journal.GetProperty("receiptId").GetString(), journal.GetProperty("state").GetString(), journal.GetProperty("documentId").GetString()));
        Assert.True(await app.DbAsync(db => db.AuditEvents.AnyAsync(e => e.Action == "citizen.export" && e.TargetId == w.Liva.Id)));

        var pdf = await w.Admin.GetAsync($"/api/admin/citizens/{w.Liva.Id}/export.pdf");
        await HttpAssert.StatusAsync(HttpStatusCode.OK, pdf);
        var text = JournalKit.PdfText(await pdf.Content.ReadAsByteArrayAsync());
        Assert.Contains("Den anden besked, stadig i Samtale", text, StringComparison.Ordinal);
        Assert.Contains("ESDH-2026-777", text, StringComparison.Ordinal);
        Assert.Contains("Liva Citizen", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnconfirmedPastTheThreshold_RaisesTheJournalHealthAlert_WithCountsOnly()
    {
        await using var app = await ProductApp.StartAsync(new Dictionary<string, string?> { ["Journal:AlertUnconfirmedAfter"] = "02:00:00" });
        var w = await AnnaAndLiva.CreateAsync(app);
        await Chat.PostAsync(w.LivasPhone, w.ConversationId, "Hemmeligt indhold om Liva");
        var client = app.Anonymous();

        var healthy = await (await client.GetAsync("/health/journal")).Content.ReadAsStringAsync();
        app.Clock.Advance(TimeSpan.FromHours(3));
        var alert = await client.GetAsync("/health/journal");

        Assert.Equal("Healthy", healthy);
        await HttpAssert.StatusAsync(HttpStatusCode.OK, alert);
        Assert.Equal("Degraded", await alert.Content.ReadAsStringAsync());
        Assert.Equal(1, app.Services.GetService(typeof(JournalMonitor)) is JournalMonitor m ? m.Last.OverdueMessages : -1);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
