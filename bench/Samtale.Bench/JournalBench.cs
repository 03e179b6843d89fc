using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samtale.Web.Data;
using Samtale.Web.Features.Journaling;

namespace Samtale.Bench;

/// <summary>
/// Journal throughput and backlog drain to the folder sink: a backlog of messages (default 100,000, the
/// issue's figure) waits in the outbox as after a sink outage; the product's dispatcher groups them into
/// units, renders each unit's PDF (decrypting every message), writes PDF + XML to a real folder, a
/// stand-in robot writes the receipt files, and the dispatcher confirms and purges.
/// </summary>
internal static class JournalBench
{
    public static async Task<List<Result>> RunAsync(Options options)
    {
        await using var stage = await Stage.CreateAsync(options);
        var total = options.History == 1_000_000 ? 100_000 : options.History;
        var r = await stage.Host.SendAsync<JournalReply>("journal", total: total);
        var label = stage.DatabaseLabel;
        Console.WriteLine($"  journal [{label}]: {r.Messages:N0} messages in {r.Units:N0} units (seeded in {r.SeedSeconds:F1} s)");
        Console.WriteLine($"    dropped to the folder (PDF + XML): {r.DropSeconds:F1} s = {r.Messages / r.DropSeconds:N0} messages/s, {r.Units / r.DropSeconds:N1} units/s, PDFs {r.PdfBytes / 1024.0 / 1024.0:F1} MiB");
        Console.WriteLine($"    drained (confirmed by receipt and purged): {r.DrainSeconds:F1} s in {r.Passes} dispatcher passes; host CPU {r.CpuMs / 1000:F1} s");
        return
        [
            new("journal", label, "backlog messages", r.Messages, "messages", null),
            new("journal", label, "units (conversation-days)", r.Units, "units", null),
            new("journal", label, "folder drop messages/s", r.Messages / r.DropSeconds, "msg/s", null),
            new("journal", label, "folder drop units/s", r.Units / r.DropSeconds, "units/s", null),
            new("journal", label, "backlog drain (dropped, confirmed, purged)", r.DrainSeconds, "s", "< 120 s"),
        ];
    }
}

/// <summary>
/// The host side of the journal benchmarks. <see cref="SeedAsync"/> leaves the backlog of a sink outage in
/// the outbox (no sink configured yet, so nothing is journaled); <see cref="DrainAsync"/> then points the
/// municipality at a folder drop and runs the product's dispatcher until every backlog message is purged.
/// Messages sent live meanwhile are journaled too (they write their own jobs), but the drain is over
/// when the backlog is.
/// </summary>
internal static class JournalDrain
{
    private static JournalSeedReply? _backlog;

    public static async Task<JournalReply> RunAsync(BenchApp app, string provider, string connectionString, long total)
    {
        await SeedAsync(app, provider, connectionString, total);
        return await DrainAsync(app);
    }

    public static async Task<JournalSeedReply> SeedAsync(BenchApp app, string provider, string connectionString, long total)
    {
        var seedStarted = Stopwatch.GetTimestamp();

        // The backlog of a sink outage: everything within two hours, so a conversation's messages form one unit.
        await HistorySeeder.SeedAsync(app, provider, connectionString, total, TimeSpan.FromHours(2));
        var (tenant, maxId) = await BenchHost.InScopeAsync(app, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var messages = await db.Messages.IgnoreQueryFilters().AsNoTracking().Select(m => new { m.Id, m.TenantId, m.ConversationId, m.SentAt }).ToListAsync();
            foreach (var chunk in messages.Chunk(10_000))
            {
                db.AddRange(chunk.Select(m => new JournalJob { TenantId = m.TenantId, ConversationId = m.ConversationId, MessageId = m.Id, CreatedAt = m.SentAt }));
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }

            return (messages[0].TenantId, messages.Max(m => m.Id));
        });
        _backlog = new JournalSeedReply(total, tenant, maxId, Stopwatch.GetElapsedTime(seedStarted).TotalSeconds);
        return _backlog;
    }

    public static async Task<JournalReply> DrainAsync(BenchApp app)
    {
        var backlog = _backlog ?? throw new InvalidOperationException("Seed the backlog first.");
        var maxId = backlog.MaxMessageId;
        var folder = Directory.CreateTempSubdirectory("samtale-bench-journal-").FullName;
        using var stop = new CancellationTokenSource();
        var robot = Task.Run(() => RobotAsync(folder, stop.Token));
        var dispatcher = app.Services.GetRequiredService<JournalDispatcher>();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();

        // The sink comes back: from here on the dispatcher (the product's background one every 5 s, and
        // this loop back to back) finds somewhere to deliver.
        await BenchHost.InScopeAsync(app, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            db.Add(new JournalSettings { TenantId = backlog.TenantId, Sink = JournalSinkKind.Folder, FolderPath = folder, PurgeAfterDays = 0 });
            return await db.SaveChangesAsync();
        });
        double? dropSeconds = null;
        var passes = 0;
        while (true)
        {
            await dispatcher.RunOnceAsync();
            passes++;
            var (waiting, undropped) = await BenchHost.InScopeAsync(app, async sp =>
            {
                var db = sp.GetRequiredService<AppDbContext>();
                var units = db.Set<JournalUnit>().IgnoreQueryFilters();
                var jobs = db.Set<JournalJob>().IgnoreQueryFilters().Where(j => j.MessageId <= maxId);
                var open = await jobs.CountAsync(j => j.UnitId == null || units.Any(u => u.Id == j.UnitId && u.State != JournalUnitState.Purged));
                var notDropped = await jobs.CountAsync(j => j.UnitId == null || units.Any(u => u.Id == j.UnitId && u.State == JournalUnitState.Pending));
                return (open, notDropped);
            });
            if (undropped == 0 && dropSeconds is null)
            {
                dropSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            }

            if (waiting == 0)
            {
                break;
            }

            if (passes > 100_000)
            {
                throw new InvalidOperationException("The journal did not drain.");
            }
        }

        var drainSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds;
        await stop.CancelAsync();
        await robot;
        var (units, liveJobs) = await BenchHost.InScopeAsync(app, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var backlogUnits = db.Set<JournalJob>().IgnoreQueryFilters().Where(j => j.MessageId <= maxId).Select(j => j.UnitId).Distinct();
            return (await backlogUnits.CountAsync(), await db.Set<JournalJob>().IgnoreQueryFilters().CountAsync(j => j.MessageId > maxId));
        });
        // Live messages (journal-live) keep the product's background dispatcher writing into the folder:
        // switch the sink off before the folder goes.
        await BenchHost.InScopeAsync(app, sp => sp.GetRequiredService<AppDbContext>().Set<JournalSettings>().IgnoreQueryFilters()
            .Where(s => s.TenantId == backlog.TenantId).ExecuteUpdateAsync(u => u.SetProperty(s => s.Sink, JournalSinkKind.None)));
        var pdfBytes = Directory.GetFiles(folder, "*.pdf").Sum(f => new FileInfo(f).Length);
        await DeleteFolderAsync(folder);
        return new JournalReply(backlog.Messages, units, backlog.SeedSeconds, dropSeconds ?? drainSeconds, drainSeconds, pdfBytes, cpuMs, passes, liveJobs);
    }

    private static async Task DeleteFolderAsync(string folder)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
                return;
            }
            catch (IOException) when (attempt < 5)
            {
                // A pass of the background dispatcher was still writing a live unit's files.
                await Task.Delay(TimeSpan.FromSeconds(2));
            }
            catch (IOException e)
            {
                await Console.Error.WriteLineAsync($"could not remove {folder}: {e.Message}");
                return;
            }
        }
    }

    /// <summary>A stand-in for the municipality's robot: takes each XML as it appears and writes its receipt.</summary>
    private static async Task RobotAsync(string folder, CancellationToken ct)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        while (!ct.IsCancellationRequested)
        {
            foreach (var xml in Directory.GetFiles(folder, "*.xml"))
            {
                if (done.Add(xml))
                {
                    await File.WriteAllTextAsync(Path.ChangeExtension(xml, ".receipt"), "ROBOT-" + done.Count.ToString(CultureInfo.InvariantCulture), CancellationToken.None);
                }
            }

            try
            {
                await Task.Delay(20, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
