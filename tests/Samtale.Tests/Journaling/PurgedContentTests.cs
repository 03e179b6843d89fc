using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Samtale.Tests.Infrastructure;
using Samtale.Tests.Messaging;
using Samtale.Web.Features.Journaling;
using Samtale.Web.Features.Messaging;

namespace Samtale.Tests.Journaling;

/// <summary>
/// After the purge the raw database (the SQLite file with its WAL, or a pg_dump) holds neither the text nor
/// the ciphertext of purged messages and files: without the key the ciphertext is safe, but "deleted from
/// Samtale" has to mean deleted, also for whoever holds the key.
/// </summary>
public sealed class PurgedContentTests : IDisposable
{
    private static readonly string MasterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly string _folder = Directory.CreateTempSubdirectory("samtale-journal-").FullName;

    [Fact]
    public async Task RawDatabase_AfterPurge_HoldsNoCiphertextOfPurgedMessagesOrFiles_ButKeepsTheTombstones()
    {
        await using var database = await DurableTestDatabase.CreateAsync();
        var settings = new Dictionary<string, string?> { ["Encryption:MasterKey"] = MasterKey };
        List<byte[]> ciphertexts;
        await using (var app = await ProductApp.StartOnAsync(database, settings))
        {
            var w = await AnnaAndLiva.CreateAsync(app);
            await JournalKit.UseFolderAsync(app, w.Nordby.Id, _folder);
            await Chat.PostAsync(w.LivasPhone, w.ConversationId, "Min adresse er Solsikkevej 17 — " + new string('x', 5000));
            await Chat.PostAsync(w.AnnasBrowser, w.ConversationId, "Tak, jeg har noteret det");
            await HttpAssert.JsonAsync<MessageView>(await Uploads.SendAsync(w.LivasPhone, w.ConversationId, SampleFiles.Pdf("Hemmelig bilagstekst"), "bilag.pdf"));
            ciphertexts = await app.DbAsync(async db =>
                (await db.Messages.Select(m => m.Body).ToListAsync())
                .Concat(await db.Attachments.Select(a => a.Content).ToListAsync())
                .Concat(await db.Attachments.Select(a => a.Name).ToListAsync()).ToList());
            var before = await database.RawBytesAsync();
            Assert.All(ciphertexts, c => Assert.True(Traces.Contains(before, Slice(c)), "the raw database shows the ciphertext before the purge"));

            await JournalKit.RunAsync(app);
            var unit = (await JournalKit.UnitsAsync(app)).Single();
            await File.WriteAllTextAsync(FolderSink.ReceiptFile(_folder, unit.Id), "ESDH-99");
            Assert.Equal(1, (await JournalKit.RunAsync(app)).Purged);
        }

        var raw = await database.RawBytesAsync();

        foreach (var c in ciphertexts)
        {
            Traces.AssertAbsent(raw, Slice(c), "ciphertext of purged content");
        }

        Assert.True(Traces.Contains(raw, "ESDH-99"), "the tombstone keeps the receipt");
    }

    // 48 bytes from the middle: enough to be unique, and not the nonce at the start.
    private static byte[] Slice(byte[] c) => c.AsSpan(12, Math.Min(48, c.Length - 12)).ToArray();

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
