using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Samtale.Tests.Infrastructure;
using Samtale.Tests.Visits;
using Samtale.Web.Features.Journaling;
using Samtale.Web.Features.Visits;

namespace Samtale.Tests.Journaling;

/// <summary>
/// A screen visit's call record is a journal unit of its own: the end of the call commits one job, a note
/// written afterwards commits another (a further document for the case, with its own key). Real folder, real
/// HTTP endpoint, and the raw database after the purge.
/// </summary>
public sealed class CallRecordJournalTests : IDisposable
{
    private const string NoteText = "Liva fortalte om flytningen til Æbeløvej; vi aftalte et møde på fredag.";
    private static readonly string MasterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly string _folder = Directory.CreateTempSubdirectory("samtale-journal-").FullName;

    [Fact]
    public async Task CompletedCallWithNote_DropsPdfAndXmlPerRevision_ReceiptConfirms_ThenTheNoteCiphertextLeavesTheDatabase()
    {
        await using var database = await DurableTestDatabase.CreateAsync();
        byte[] noteCiphertext;
        Guid callId;
        string receipt;
        await using (var app = await ProductApp.StartOnAsync(database, new Dictionary<string, string?> { ["Encryption:MasterKey"] = MasterKey }))
        {
            var w = await TwoMunicipalities.CreateAsync(app);
            await JournalKit.UseFolderAsync(app, w.Nordby.Id, _folder);
            callId = await CompletedCallAsync(w, TimeSpan.FromSeconds(754));
            await SetNoteAsync(w, callId, NoteText);
            noteCiphertext = (await app.CallsAsync()).Single().NoteBlob!;

            await JournalKit.RunAsync(app);

            var units = await UnitsByNoteRevisionAsync(app);
            Assert.All(units, u => Assert.Equal((callId, w.LivaWithAnna.CaseReference, JournalUnitState.Delivered), (u.CallRecordId!.Value, u.CaseReference, u.State)));
            var (endPdf, endXml) = await DroppedAsync(units[0].Id);
            var (notePdf, noteXml) = await DroppedAsync(units[1].Id);
            var endText = JournalKit.PdfText(endPdf);
            var noteText = JournalKit.PdfText(notePdf);
            Assert.Contains("Skærmbesøg", endText, StringComparison.Ordinal);
            Assert.Contains("Completed", endText, StringComparison.Ordinal);
            Assert.DoesNotContain("Æbeløvej", endText, StringComparison.Ordinal);
            Assert.Contains(string.Join(" ", NoteText.Split(' ')), noteText, StringComparison.Ordinal);
            Assert.Contains("Slutårsag: Completed", noteText, StringComparison.Ordinal);
            Assert.Contains("Varighed: 00:12:34", noteText, StringComparison.Ordinal);

            XNamespace ns = "urn:samtale:journal:oio:1";
            foreach (var (pdf, xml, unit) in new[] { (endPdf, endXml, units[0]), (notePdf, noteXml, units[1]) })
            {
                Assert.Equal(w.LivaWithAnna.CaseReference, xml.Root!.Element(ns + "Sagsnummer")!.Value);
                Assert.Equal(unit.Id.ToString(), xml.Root.Element(ns + "DokumentID")!.Value);
                Assert.StartsWith("Skærmbesøg", xml.Root.Element(ns + "Titel")!.Value, StringComparison.Ordinal);
                Assert.Equal("Udgående", xml.Root.Element(ns + "Retning")!.Value);
                Assert.Equal(JournalKit.Sha256(pdf), xml.Root.Element(ns + "Variant")!.Element(ns + "SHA256")!.Value);
                Assert.Equal([w.Liva.Id.ToString(), w.Anna.Id.ToString()], xml.Root.Element(ns + "Parter")!.Elements().Select(p => p.Element(ns + "PartID")!.Value));
                Assert.Equal("Completed", xml.Root.Element(ns + "Skaermbesoeg")!.Attribute("slutaarsag")!.Value);
            }

            Assert.Null(endXml.Root!.Element(ns + "Skaermbesoeg")!.Attribute("notatSha256"));
            Assert.Equal(JournalKit.Sha256(System.Text.Encoding.UTF8.GetBytes(NoteText)), noteXml.Root!.Element(ns + "Skaermbesoeg")!.Attribute("notatSha256")!.Value);
            Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));

            // Delivered is not confirmed: the note stays until the robot's receipt.
            await JournalKit.RunAsync(app);
            Assert.All(await UnitsByNoteRevisionAsync(app), u => Assert.Equal(JournalUnitState.Delivered, u.State));
            Assert.NotNull((await app.CallsAsync()).Single().NoteBlob);
            Assert.Contains("data-journal=\"waiting\"", await w.Clients["staff"].GetStringAsync("/Visits"), StringComparison.Ordinal);

            receipt = $"ESDH-{units[1].Id:N}";
            foreach (var unit in units)
            {
                await File.WriteAllTextAsync(FolderSink.ReceiptFile(_folder, unit.Id), $"ESDH-{unit.Id:N}");
            }

            await JournalKit.RunAsync(app);
            var call = (await app.CallsAsync()).Single();
            Assert.Equal((null, null, CallEndReason.Completed, 754), (call.NoteBlob, call.NoteKeyId, call.EndReason, call.DurationSeconds));
            Assert.All(await JournalKit.JobsAsync(app), j => Assert.Null(j.NoteBlob));
            Assert.Contains("data-journal=\"purged\"", await w.Clients["staff"].GetStringAsync("/Visits"), StringComparison.Ordinal);
            Assert.All(await UnitsByNoteRevisionAsync(app), u => Assert.Equal(JournalUnitState.Purged, u.State));
        }

        var raw = await database.RawBytesAsync();
        Traces.AssertAbsent(raw, noteCiphertext.AsSpan(12, 48).ToArray(), "ciphertext of the purged call note");
        Assert.True(Traces.Contains(raw, receipt), "the tombstone keeps the receipt");
    }

    [Fact]
    public async Task CallWithNote_ToTheHttpEndpoint_RedeliveryCarriesTheSameIdempotencyKeyAndPdf()
    {
        await using var platform = await TestJournalEndpoint.StartAsync();
        var down = true;
        platform.Answer = (_, post) => down ? (503, "") : (201, $$"""{"receiptId":"R-{{post.IdempotencyKey}}"}""");
        await using var app = await ProductApp.StartAsync();
        var w = await TwoMunicipalities.CreateAsync(app);
        await JournalKit.UseHttpAsync(app, w.Nordby.Id, platform.Url);
        var callId = await CompletedCallAsync(w, TimeSpan.FromMinutes(5));
        await SetNoteAsync(w, callId, NoteText);
        await SetNoteAsync(w, callId, NoteText + "  ");
        Assert.Equal(2, (await JournalKit.JobsAsync(app)).Count(j => j.CallRecordId == callId));

        await JournalKit.RunAsync(app);
        Assert.All(await UnitsByNoteRevisionAsync(app), u => Assert.Equal((JournalUnitState.Pending, 1), (u.State, u.Attempts)));
        down = false;
        app.Clock.Advance(TimeSpan.FromSeconds(31));
        await JournalKit.RunAsync(app);

        var units = await UnitsByNoteRevisionAsync(app);
        Assert.Equal(2, units.Count);
        var posts = platform.Received.ToList();
        foreach (var unit in units)
        {
            var both = posts.Where(p => p.IdempotencyKey == unit.Id.ToString("N")).ToList();
            Assert.Equal(2, both.Count);
            Assert.Equal(both[0].Pdf, both[1].Pdf);
            Assert.Equal((JournalUnitState.Purged, $"R-{unit.Id:N}"), (unit.State, unit.ReceiptId));
        }

        var withNote = posts.Last(p => p.IdempotencyKey == units[1].Id.ToString("N"));
        Assert.Contains("Æbeløvej", JournalKit.PdfText(withNote.Pdf), StringComparison.Ordinal);
        using var metadata = JsonDocument.Parse(withNote.Metadata);
        Assert.Equal("Completed", metadata.RootElement.GetProperty("call").GetProperty("endReason").GetString());
        Assert.Equal(1, metadata.RootElement.GetProperty("call").GetProperty("noteRevision").GetInt32());
        Assert.Equal(JournalKit.Sha256(withNote.Pdf), metadata.RootElement.GetProperty("pdf").GetProperty("sha256").GetString());
        Assert.Null((await app.CallsAsync()).Single().NoteBlob);
    }

    [Fact]
    public async Task CallThatHasNotEnded_IsNotJournaled()
    {
        await using var app = await ProductApp.StartAsync();
        var w = await TwoMunicipalities.CreateAsync(app);
        await JournalKit.UseFolderAsync(app, w.Nordby.Id, _folder);
        var (anna, liva, callId) = await w.AnsweredCallAsync();
        await using (anna)
        await using (liva)
        {
            await SetNoteAsync(w, callId, "Notat skrevet under samtalen");

            await JournalKit.RunAsync(app);

            Assert.DoesNotContain(await JournalKit.JobsAsync(app), j => j.CallRecordId != null);
            Assert.Empty(await UnitsByNoteRevisionAsync(app));
        }
    }

    /// <summary>The call's units (the world's messages form units of their own), the end's unit (note revision 0) first, then the note's: both are formed in one pass, at one instant.</summary>
    /// <summary>Right of access covers screen visits too: the call log's entry and its note, and nothing of another citizen's calls.</summary>
    [Fact]
    public async Task CitizenExport_HoldsTheCallRecordWithItsNote_AndOnlyThisCitizensCalls()
    {
        await using var app = await ProductApp.StartAsync();
        var w = await TwoMunicipalities.CreateAsync(app);
        var callId = await CompletedCallAsync(w, TimeSpan.FromSeconds(754));
        await SetNoteAsync(w, callId, NoteText);

        var forLiva = await w.Clients["municipality-admin"].GetAsync($"/api/admin/citizens/{w.Liva.Id}/export");
        var forNoah = await w.Clients["municipality-admin"].GetAsync($"/api/admin/citizens/{w.Noah.Id}/export");

        await HttpAssert.StatusAsync(HttpStatusCode.OK, forLiva);
        using var json = System.Text.Json.JsonDocument.Parse(await forLiva.Content.ReadAsStringAsync());
        var call = json.RootElement.GetProperty("calls").EnumerateArray().Single();
        Assert.Equal((callId.ToString(), 754, "Completed", NoteText), (call.GetProperty("id").GetString(), call.GetProperty("durationSeconds").GetInt32(), call.GetProperty("endReason").GetString(), call.GetProperty("note").GetString()));
        using var noah = System.Text.Json.JsonDocument.Parse(await forNoah.Content.ReadAsStringAsync());
        Assert.Empty(noah.RootElement.GetProperty("calls").EnumerateArray());

        var pdf = await w.Clients["municipality-admin"].GetAsync($"/api/admin/citizens/{w.Liva.Id}/export.pdf");
        Assert.Contains("Æbeløvej", JournalKit.PdfText(await pdf.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);
    }

    private static async Task<List<JournalUnit>> UnitsByNoteRevisionAsync(ProductApp app)
    {
        var revisions = (await JournalKit.JobsAsync(app)).Where(j => j.CallRecordId != null && j.UnitId != null).ToDictionary(j => j.UnitId!.Value, j => j.NoteRevision);
        return [.. (await JournalKit.UnitsAsync(app)).Where(u => u.CallRecordId != null).OrderBy(u => revisions[u.Id])];
    }

    private static async Task<Guid> CompletedCallAsync(TwoMunicipalities w, TimeSpan length)
    {
        var (anna, liva, callId) = await w.AnsweredCallAsync();
        await using (anna)
        await using (liva)
        {
            w.App.Clock.Advance(length);
            await anna.HangUpAsync(callId);
            Assert.Equal($"Ended {callId} completed", await liva.NextAsync());
        }

        return callId;
    }

    private static async Task SetNoteAsync(TwoMunicipalities w, Guid callId, string note) =>
        await HttpAssert.StatusAsync(HttpStatusCode.OK, await Forms.SubmitAsync(w.Clients["staff"], "/Visits", "Note",
            [KeyValuePair.Create("callId", callId.ToString()), KeyValuePair.Create("note", note)]));

    private async Task<(byte[] Pdf, XDocument Xml)> DroppedAsync(Guid unitId) =>
        (await File.ReadAllBytesAsync(Path.Combine(_folder, $"{unitId:N}.pdf")), XDocument.Load(Path.Combine(_folder, $"{unitId:N}.xml")));

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
