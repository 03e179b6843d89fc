using System.Diagnostics;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Samtale.Web.Data;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Citizens;
using Samtale.Web.Features.Links;
using Samtale.Web.Features.Messaging;
using Samtale.Web.Features.Tenancy;

namespace Samtale.Bench;

/// <summary>
/// The host process: runs the product and answers the driver's commands. It is a process of its own so
/// that its memory and CPU are the server's alone, not mixed with thousands of client connections.
/// </summary>
internal static class BenchHost
{
    private const string Password = "korrekt-hest-batteri";
    private const string Pin = "2719";

    public static async Task<int> RunAsync(string provider, string connectionString, bool profile)
    {
        var dbProfile = profile ? new DbProfile() : null;
        var hubTiming = new HubTiming();
        await using var app = new BenchApp(provider, connectionString, dbProfile, hubTiming);
        app.Start();
        Reply(new HostReady(app.BaseAddress.ToString(), Environment.ProcessId));

        Municipality? municipality = null;
        var seeded = 0;
        while (await ReadCommandAsync() is { } line)
        {
            var command = JsonSerializer.Deserialize<HostCommand>(line, Protocol.Json)!;
            switch (command.Command)
            {
                case "pairs":
                    var started = Stopwatch.GetTimestamp();
                    municipality ??= await InScopeAsync(app, sp => sp.GetRequiredService<Organisation>().CreateMunicipalityAsync("Benchkommune", default))
                        is (null, { } m) ? m : throw new InvalidOperationException("Could not create the municipality.");
                    var pairs = new List<PairSeed>(command.Count);
                    for (var i = 0; i < command.Count; i++)
                    {
                        pairs.Add(await CreatePairAsync(app, municipality, seeded++));
                    }

                    Reply(new PairsReply(pairs, Stopwatch.GetElapsedTime(started).TotalSeconds));
                    break;
                case "history":
                    Reply(await HistorySeeder.SeedAsync(app, provider, connectionString, command.Total));
                    break;
                case "journal":
                    Reply(await JournalDrain.RunAsync(app, provider, connectionString, command.Total));
                    break;
                case "journal-seed":
                    Reply(await JournalDrain.SeedAsync(app, provider, connectionString, command.Total));
                    break;
                case "journal-drain":
                    Reply(await JournalDrain.DrainAsync(app));
                    break;
                case "reset":
                    dbProfile?.Reset();
                    hubTiming.Reset();
                    Reply(await StatsAsync(app, dbProfile, hubTiming, countRows: false));
                    break;
                case "gc":
                    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                    GC.WaitForPendingFinalizers();
                    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                    Reply(await StatsAsync(app, dbProfile, hubTiming, countRows: false));
                    break;
                case "count":
                    Reply(await StatsAsync(app, dbProfile, hubTiming, countRows: true));
                    break;
                case "quit":
                    return 0;
                default:
                    Reply(await StatsAsync(app, dbProfile, hubTiming, countRows: false));
                    break;
            }
        }

        return 0;
    }

    // Console reads block their thread; a thread of its own keeps the product's thread pool whole.
    private static Task<string?> ReadCommandAsync() =>
        Task.Factory.StartNew(Console.In.ReadLine, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static void Reply<T>(T value)
    {
        Console.Out.WriteLine(Protocol.ReplyPrefix + JsonSerializer.Serialize(value, Protocol.Json));
        Console.Out.Flush();
    }

    /// <summary>
    /// One citizen with an enrolled device and one staff member, linked directly, each with a session
    /// started the way the sign-in pages start it. Every step goes through the product's own services.
    /// </summary>
    private static async Task<PairSeed> CreatePairAsync(BenchApp app, Municipality municipality, int n)
    {
        var staff = await InScopeAsync(app, sp => sp.GetRequiredService<Organisation>().CreateAccountAsync(
            municipality.Id, $"bench.staff{n}", $"Sagsbehandler {n}", Password, StaffRoles.Staff, [], default)) is (null, { } a)
            ? a : throw new InvalidOperationException("Could not create a staff account.");
        var citizen = await InScopeAsync(app, sp => sp.GetRequiredService<Organisation>().CreateCitizenAsync(municipality.Id, $"Borger {n}", default)) is (null, { } c)
            ? c : throw new InvalidOperationException("Could not create a citizen.");
        var (linkError, _) = await InScopeAsync(app, sp => sp.GetRequiredService<LinkAdministration>()
            .LinkAsync(municipality.Id, citizen.Id, staff.Id, null, $"SAG-2026-{n:D4}", Guid.Empty, default));
        if (linkError != LinkError.None)
        {
            throw new InvalidOperationException($"Could not link: {linkError}");
        }

        var code = await InScopeAsync(app, sp => sp.GetRequiredService<Enrolment>().IssueAsync(citizen, Guid.Empty, default));
        var (redeemError, device) = await InScopeAsync(app, sp => sp.GetRequiredService<Enrolment>().RedeemAsync(code.Code, Pin, Pin, "Bench", default));
        if (redeemError != RedeemError.None)
        {
            throw new InvalidOperationException($"Could not register a device: {redeemError}");
        }

        var citizenPrincipal = await InScopeAsync(app, sp => sp.GetRequiredService<SessionStore>().StartCitizenAsync(citizen, device!.Device.Id, default));
        var staffPrincipal = await InScopeAsync(app, sp => sp.GetRequiredService<SessionStore>().StartStaffAsync(staff, default));
        return new PairSeed(citizen.Id, staff.Id, Seal(app, citizenPrincipal), Seal(app, staffPrincipal));
    }

    /// <summary>The cookie value the sign-in would have set, sealed with the app's own ticket format.</summary>
    private static string Seal(BenchApp app, ClaimsPrincipal principal)
    {
        var options = app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(AuthSetup.Scheme);
        var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var ticket = new AuthenticationTicket(principal, new AuthenticationProperties
        {
            IssuedUtc = now,
            ExpiresUtc = now + options.ExpireTimeSpan,
        }, AuthSetup.Scheme);
        return options.TicketDataFormat.Protect(ticket);
    }

    private static async Task<HostStats> StatsAsync(BenchApp app, DbProfile? profile, HubTiming hub, bool countRows)
    {
        var rows = countRows ? await InScopeAsync(app, sp => sp.GetRequiredService<AppDbContext>().Messages.IgnoreQueryFilters().LongCountAsync()) : -1;
        using var process = Process.GetCurrentProcess();
        var gc = GC.GetGCMemoryInfo();
        return new HostStats(
            process.WorkingSet64,
            process.PrivateMemorySize64,
            GC.GetTotalMemory(false),
            gc.TotalCommittedBytes,
            process.TotalProcessorTime.TotalMilliseconds,
            app.Services.GetRequiredService<LiveConnections>().Count,
            ThreadPool.ThreadCount,
            rows,
            profile?.Snapshot(),
            hub.Snapshot());
    }

    internal static async Task<T> InScopeAsync<T>(BenchApp app, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }
}
