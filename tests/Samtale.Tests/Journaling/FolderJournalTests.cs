using System.Net;
using System.Xml.Linq;
using Samtale.Tests.Infrastructure;
using Samtale.Tests.Messaging;
using Samtale.Web.Features.Journaling;
using Samtale.Web.Features.Messaging;

namespace Samtale.Tests.Journaling;

/// <summary>The folder drop as a software robot sees it: a real temporary folder, a PDF, the XML and a receipt file.</summary>
public sealed class FolderJournalTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("samtale-journal-").FullName;

    [Fact]
    public async Task MessagesOfADay_DropAsOnePdfAndXml_ReceiptConfirms_ThenTheContentIsPurged()
    {
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        await JournalKit.UseFolderAsync(app, w.Nordby.Id, _folder);
        var sent = new[]
        {
            await Chat.PostAsync(w.LivasPhone, w.ConversationId, "Hej Anna, kan vi mødes på torsdag? Æblegrød og ørkenrotter"),
            await Chat.PostAsync(w.AnnasBrowser, w.ConversationId, "Ja, kl. 10 på kontoret i Nordby. Hilsen Anna"),
        };
        var pdfFile = SampleFiles.Pdf("Skolens udtalelse");
        var withFile = await HttpAssert.JsonAsync<MessageView>(await Uploads.SendAsync(w.LivasPhone, w.ConversationId, pdfFile, "udtalelse.pdf", "Her er udtalelsen"));

        Assert.All(await Chat.HistoryAsync(w.AnnasBrowser, w.ConversationId), m => Assert.Equal(JournalState.Waiting, m.Journal));
        var first = await JournalKit.RunAsync(app);

        Assert.Equal(1, first.Grouped);
        Assert.Equal(1, first.AwaitingReceipt);
        var unit = (await JournalKit.UnitsAsync(app)).Single();
        Assert.Equal(JournalUnitState.Delivered, unit.State);
        Assert.Equal("SAG-2026-0001", unit.CaseReference);
        var pdf = await File.ReadAllBytesAsync(Path.Combine(_folder, $"{unit.Id:N}.pdf"));
        var text = JournalKit.PdfText(pdf);
        Assert.All(sent.Append(withFile), m => Assert.Contains(m.Text, text, StringComparison.Ordinal));
        Assert.Contains("udtalelse.pdf", text, StringComparison.Ordinal);

        var xml = XDocument.Load(Path.Combine(_folder, $"{unit.Id:N}.xml"));
        XNamespace ns = "urn:samtale:journal:oio:1";
        Assert.Equal("SAG-2026-0001", xml.Root!.Element(ns + "Sagsnummer")!.Value);
        Assert.Equal(unit.Id.ToString(), xml.Root.Element(ns + "DokumentID")!.Value);
        Assert.Equal(JournalKit.Sha256(pdf), xml.Root.Element(ns + "Variant")!.Element(ns + "SHA256")!.Value);
        var bilag = xml.Root.Element(ns + "Bilag")!;
        var dropped = await File.ReadAllBytesAsync(Path.Combine(_folder, bilag.Element(ns + "Filnavn")!.Value));
        Assert.Equal(pdfFile, dropped);
        Assert.Equal(JournalKit.Sha256(pdfFile), bilag.Element(ns + "SHA256")!.Value);
        Assert.Equal(3, xml.Root.Elements(ns + "Besked").Count());
        Assert.Equal([w.Liva.Id.ToString(), w.Anna.Id.ToString()], xml.Root.Element(ns + "Parter")!.Elements().Select(p => p.Element(ns + "PartID")!.Value));
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));

        // No receipt yet: delivered is not confirmed, and nothing is purged.
        Assert.Equal(0, (await JournalKit.RunAsync(app)).Confirmed);
        Assert.All(await Chat.HistoryAsync(w.AnnasBrowser, w.ConversationId), m => Assert.Equal(JournalState.Waiting, m.Journal));

        await File.WriteAllTextAsync(FolderSink.ReceiptFile(_folder, unit.Id), "ESDH-4711\n");
        var confirmed = await JournalKit.RunAsync(app);

        Assert.Equal(1, confirmed.Confirmed);
        Assert.Equal(1, confirmed.Purged);
        unit = (await JournalKit.UnitsAsync(app)).Single();
        Assert.Equal(JournalUnitState.Purged, unit.State);
        Assert.Equal("ESDH-4711", unit.ReceiptId);
        Assert.Equal(JournalKit.Sha256(pdf), unit.PdfSha256);
        var history = await Chat.HistoryAsync(w.AnnasBrowser, w.ConversationId);
        Assert.All(history, m => Assert.Equal((JournalState.Purged, ""), (m.Journal, m.Text)));
        Assert.Empty(history.SelectMany(m => m.Attachments));
        await HttpAssert.StatusAsync(HttpStatusCode.NotFound, await w.AnnasBrowser.GetAsync($"/api/attachments/{withFile.Attachments.Single().Id}"));
        Assert.All(await JournalKit.JobsAsync(app), j => Assert.Equal(64, j.ContentSha256!.Length));
    }

    [Fact]
    public async Task PurgeAfterDays_KeepsTheConfirmedContentReadable_UntilTheGracePeriodIsOver()
    {
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        await JournalKit.UseFolderAsync(app, w.Nordby.Id, _folder, purgeAfterDays: 7);
        await Chat.PostAsync(w.LivasPhone, w.ConversationId, "Tak for i dag");
        await JournalKit.RunAsync(app);
        var unit = (await JournalKit.UnitsAsync(app)).Single();
        await File.WriteAllTextAsync(FolderSink.ReceiptFile(_folder, unit.Id), "ESDH-1");

        await JournalKit.RunAsync(app);
        app.Clock.Advance(TimeSpan.FromDays(6));
        await JournalKit.RunAsync(app);

        Assert.Equal((JournalState.Journaled, "Tak for i dag"), (await Chat.HistoryAsync(w.LivasPhone, w.ConversationId)).Select(m => (m.Journal, m.Text)).Single());

        app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, (await JournalKit.RunAsync(app)).Purged);
        Assert.Equal((JournalState.Purged, ""), (await Chat.HistoryAsync(w.LivasPhone, w.ConversationId)).Select(m => (m.Journal, m.Text)).Single());
    }

    [Fact]
    public async Task MissingDropFolder_RetriesWithBackOff_AndDeliversOnceTheFolderIsBack()
    {
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        var share = Path.Combine(_folder, "share");
        await JournalKit.UseFolderAsync(app, w.Nordby.Id, share);
        await Chat.PostAsync(w.LivasPhone, w.ConversationId, "Er I der?");

        Assert.Equal(1, (await JournalKit.RunAsync(app)).Retried);
        Assert.Equal(0, (await JournalKit.RunAsync(app)).Retried);
        var unit = (await JournalKit.UnitsAsync(app)).Single();
        Assert.Equal((JournalUnitState.Pending, 1, "folder: missing"), (unit.State, unit.Attempts, unit.LastError));

        Directory.CreateDirectory(share);
        app.Clock.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(1, (await JournalKit.RunAsync(app)).AwaitingReceipt);
        Assert.True(File.Exists(Path.Combine(share, $"{unit.Id:N}.pdf")));
    }

    [Fact]
    public async Task DropFolderOutsideTheAllowedRoots_IsNeverWritten()
    {
        var outside = Directory.CreateDirectory(Path.Combine("/var/tmp", $"samtale-outside-{Guid.NewGuid():N}")).FullName;
        try
        {
            await using var app = await ProductApp.StartAsync();
            var w = await AnnaAndLiva.CreateAsync(app);
            await JournalKit.UseFolderAsync(app, w.Nordby.Id, outside);
            await Chat.PostAsync(w.LivasPhone, w.ConversationId, "Hej");

            Assert.Equal(1, (await JournalKit.RunAsync(app)).Retried);
            Assert.Equal("folder: outside Journal:FolderRoots", (await JournalKit.UnitsAsync(app)).Single().LastError);
            Assert.Empty(Directory.GetFiles(outside));
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
