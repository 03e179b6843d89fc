using System.Net;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samtale.Tests.Infrastructure;
using Samtale.Web.Features.Encryption;
using Samtale.Web.Features.Messaging;

namespace Samtale.Tests.Messaging;

/// <summary>
/// What someone with the database file, a backup or a dump sees: the database is on disk (a SQLite file, or
/// PostgreSQL dumped with pg_dump), and what was said and sent in Samtale is not in it.
/// </summary>
public sealed class EncryptionAtRestTests
{
    private const string CitizenSecret = "Min søn Emil er blevet anbragt; CPR 010203-4321, vi bor på Solsikkevej 17";
    private const string StaffSecret = "Mødet om Emils anbringelse er flyttet til Solsikkevej-kontoret";
    private const string FileSecret = "Journalnotat-Hemmeligt-Diagnose-7Q3X";
    private const string FileName = "Emils_journal_Solsikkevej";
    private const string CaptionSecret = "Her er Emils journal-billagt-8K2";

    private static readonly string MasterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task RawDatabase_AfterMessagesAndFilesAreSent_HoldsNoPlaintextOfThem()
    {
        await using var database = await DurableTestDatabase.CreateAsync();
        byte[] pdf, photoAsStored, photoPreview;
        await using (var app = await ProductApp.StartOnAsync(database, Settings()))
        {
            var w = await AnnaAndLiva.CreateAsync(app);
            await using (var liva = await ChatConnection.OpenAsync(app, w.LivasPhone))
            {
                await liva.SendAsync(w.ConversationId, "hemmelig", CitizenSecret);
            }

            await Chat.PostAsync(w.AnnasBrowser, w.ConversationId, StaffSecret);
            pdf = SampleFiles.Pdf(FileSecret);
            var sentPdf = await HttpAssert.JsonAsync<MessageView>(await Uploads.SendAsync(w.LivasPhone, w.ConversationId, pdf, FileName + ".pdf", CaptionSecret));
            Assert.Equal(FileName + ".pdf", sentPdf.Attachments.Single().Name);
            var sentPhoto = await HttpAssert.JsonAsync<MessageView>(await Uploads.SendAsync(w.LivasPhone, w.ConversationId, SampleFiles.Jpeg(320, 240), FileName + "_foto.jpg"));
            var photoId = sentPhoto.Attachments.Single().Id;
            photoAsStored = await (await w.AnnasBrowser.GetAsync($"/api/attachments/{photoId}")).Content.ReadAsByteArrayAsync();
            photoPreview = await (await w.AnnasBrowser.GetAsync($"/api/attachments/{photoId}/preview")).Content.ReadAsByteArrayAsync();
            Assert.Equal(4, (await Chat.HistoryAsync(w.AnnasBrowser, w.ConversationId)).Count);
        }

        var raw = await database.RawBytesAsync();

        // The dump is real and searchable: what Samtale keeps in plain text on purpose is found.
        Assert.True(Traces.Contains(raw, "Liva Citizen"), "the citizen's display name should be in the raw database");
        Assert.True(Traces.Contains(raw, "Nordby Kommune"), "the municipality's name should be in the raw database");
        Traces.AssertAbsent(raw, CitizenSecret, "the citizen's message");
        Traces.AssertAbsent(raw, "010203-4321", "the CPR number in the citizen's message");
        Traces.AssertAbsent(raw, StaffSecret, "the staff member's message");
        Traces.AssertAbsent(raw, CaptionSecret, "the caption sent with the file");
        Traces.AssertAbsent(raw, FileName, "the file name");
        Traces.AssertAbsent(raw, FileSecret, "the text inside the PDF");
        Traces.AssertAbsent(raw, pdf, "the PDF's bytes");
        foreach (var (bytes, what) in new[] { (photoAsStored, "the stored photo"), (photoPreview, "the photo's preview") })
        {
            foreach (var at in new[] { bytes.Length / 4, bytes.Length / 2, bytes.Length * 3 / 4 })
            {
                Traces.AssertAbsent(raw, bytes.AsSpan(at, 48).ToArray(), $"a piece of {what}");
            }
        }
    }

    [Fact]
    public async Task RotatedDataKey_NewMessagesUseTheNewKeyAndOldOnesStillOpen_AlsoAfterARestart()
    {
        await using var database = await DurableTestDatabase.CreateAsync();
        Guid conversationId, oldKey, newKey, tenant, pdfId;
        var pdf = SampleFiles.Pdf("Før rotationen");
        await using (var app = await ProductApp.StartOnAsync(database, Settings()))
        {
            var w = await AnnaAndLiva.CreateAsync(app);
            (conversationId, tenant) = (w.ConversationId, w.Nordby.Id);
            await Chat.PostAsync(w.LivasPhone, conversationId, "Skrevet før rotationen");
            pdfId = (await HttpAssert.JsonAsync<MessageView>(await Uploads.SendAsync(w.LivasPhone, conversationId, pdf, "før.pdf"))).Attachments.Single().Id;
            oldKey = (await w.StoredAsync()).Select(m => m.KeyId).Distinct().Single();

            newKey = await app.Services.GetRequiredService<ContentCipher>().RotateAsync(tenant, default);
            await Chat.PostAsync(w.AnnasBrowser, conversationId, "Skrevet efter rotationen");

            Assert.NotEqual(oldKey, newKey);
            Assert.Equal([oldKey, oldKey, newKey], (await w.StoredAsync()).Select(m => m.KeyId));
            Assert.Equal(["Skrevet før rotationen", "", "Skrevet efter rotationen"], (await Chat.HistoryAsync(w.LivasPhone, conversationId)).Select(m => m.Text));
        }

        await using (var restarted = await ProductApp.StartOnAsync(database, Settings()))
        {
            using var anna = await restarted.SignInStaffAsync("anna");
            await Chat.PostAsync(anna, conversationId, "Skrevet efter genstarten");

            Assert.Equal(["Skrevet før rotationen", "", "Skrevet efter rotationen", "Skrevet efter genstarten"], (await Chat.HistoryAsync(anna, conversationId)).Select(m => m.Text));
            var download = await anna.GetAsync($"/api/attachments/{pdfId}");
            await HttpAssert.StatusAsync(HttpStatusCode.OK, download);
            Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
            var keys = await restarted.DbAsync(db => db.Messages.Where(m => m.ConversationId == conversationId).OrderBy(m => m.Id).Select(m => m.KeyId).ToListAsync());
            Assert.Equal([oldKey, oldKey, newKey, newKey], keys);
            var dataKeys = await restarted.DbAsync(db => db.TenantDataKeys.Where(k => k.TenantId == tenant).ToListAsync());
            Assert.Equal(2, dataKeys.Count);
            Assert.NotNull(dataKeys.Single(k => k.Id == oldKey).RetiredAt);
            Assert.Null(dataKeys.Single(k => k.Id == newKey).RetiredAt);
            Assert.DoesNotContain(dataKeys, k => Traces.Contains(k.WrappedKey, Convert.FromBase64String(MasterKey)));
        }
    }

    private static Dictionary<string, string?> Settings() => new() { ["Encryption:MasterKey"] = MasterKey };
}
