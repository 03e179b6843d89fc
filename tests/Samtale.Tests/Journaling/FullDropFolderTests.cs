using System.Diagnostics;
using Samtale.Tests.Infrastructure;
using Samtale.Tests.Messaging;
using Samtale.Web.Features.Journaling;

namespace Samtale.Tests.Journaling;

/// <summary>
/// A full disk at the drop folder, for real: a 64 KiB tmpfs mounted for the test and filled to the last
/// byte. The tests run as root on Linux (here and in CI); a machine where the mount fails fails the test
/// rather than skipping it, because "nothing lost on a full disk" is a requirement, not a nicety.
/// </summary>
public sealed class FullDropFolderTests : IAsyncDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("samtale-fulldisk-").FullName;
    private string? _mounted;

    [Fact]
    public async Task FullDisk_LeavesTheUnitUnconfirmedAndUnpurged_WithNoFileVisible_ThenDeliversOnceWhenSpaceIsFreed()
    {
        var drop = Path.Combine(_root, "drop");
        await MountTmpfsAsync(drop, "64k");
        var filler = Path.Combine(drop, "filler.bin");
        await FillAsync(filler);

        await using var app = await ProductApp.StartAsync(new Dictionary<string, string?> { ["Journal:FolderRoots:1"] = drop });
        var w = await AnnaAndLiva.CreateAsync(app);
        await JournalKit.UseFolderAsync(app, w.Nordby.Id, drop);
        var sent = await Chat.PostAsync(w.LivasPhone, w.ConversationId, "Skal jeg medbringe lønsedler til mødet på torsdag?");

        Assert.Equal(1, (await JournalKit.RunAsync(app)).Retried);

        var unit = (await JournalKit.UnitsAsync(app)).Single();
        Assert.Equal((JournalUnitState.Pending, 1, null), (unit.State, unit.Attempts, unit.ConfirmedAt));
        Assert.StartsWith("folder: IOException", unit.LastError, StringComparison.Ordinal);
        Assert.Equal([filler], Directory.GetFiles(drop));
        Assert.Equal((sent.Text, JournalState.Waiting), (await Chat.HistoryAsync(w.AnnasBrowser, w.ConversationId)).Select(m => (m.Text, m.Journal)).Single());

        // Still full and not yet due: the back-off holds, and nothing moves.
        Assert.Equal(new JournalRun(0, 0, 0, 0, 0, 0), await JournalKit.RunAsync(app));

        File.Delete(filler);
        app.Clock.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(1, (await JournalKit.RunAsync(app)).AwaitingReceipt);
        Assert.Equal([$"{unit.Id:N}.pdf", $"{unit.Id:N}.xml"], Directory.GetFiles(drop).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var pdf = await File.ReadAllBytesAsync(Path.Combine(drop, $"{unit.Id:N}.pdf"));
        Assert.Contains(sent.Text, JournalKit.PdfText(pdf), StringComparison.Ordinal);
        Assert.Equal(sent.Text, (await Chat.HistoryAsync(w.AnnasBrowser, w.ConversationId)).Single().Text);

        await File.WriteAllTextAsync(FolderSink.ReceiptFile(drop, unit.Id), "ESDH-FULD-1\n");
        var confirmed = await JournalKit.RunAsync(app);

        Assert.Equal((1, 1), (confirmed.Confirmed, confirmed.Purged));
        unit = (await JournalKit.UnitsAsync(app)).Single();
        Assert.Equal((JournalUnitState.Purged, 2, "ESDH-FULD-1", JournalKit.Sha256(pdf)), (unit.State, unit.Attempts, unit.ReceiptId, unit.PdfSha256));
        Assert.Equal((JournalState.Purged, ""), (await Chat.HistoryAsync(w.AnnasBrowser, w.ConversationId)).Select(m => (m.Journal, m.Text)).Single());
    }

    private async Task MountTmpfsAsync(string dir, string size)
    {
        Directory.CreateDirectory(dir);
        var (code, output) = await RunAsync("mount", "-t", "tmpfs", "-o", $"size={size},mode=0755", "tmpfs", dir);
        Assert.True(code == 0, $"The full-disk test needs a small file system of its own and could not mount a tmpfs at {dir} (exit {code}: {output.Trim()}). Run the tests as root on Linux, as CI does.");
        _mounted = dir;
    }

    /// <summary>Writes until the file system refuses (ENOSPC), then checks that even one more byte does not fit.</summary>
    private static async Task FillAsync(string filler)
    {
        await using (var stream = new FileStream(filler, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None))
        {
            var block = new byte[4096];
            try
            {
                while (true)
                {
                    stream.Write(block);
                }
            }
            catch (IOException)
            {
            }
        }

        var probe = filler + ".probe";
        await Assert.ThrowsAnyAsync<IOException>(() => File.WriteAllBytesAsync(probe, new byte[4096]));
        File.Delete(probe);
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        try
        {
            using var process = Process.Start(start)!;
            var output = await process.StandardError.ReadToEndAsync() + await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_mounted is not null)
        {
            await RunAsync("umount", _mounted);
        }

        Directory.Delete(_root, recursive: true);
    }
}
