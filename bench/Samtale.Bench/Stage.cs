using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Messaging;

namespace Samtale.Bench;

/// <summary>One side of a pair as a client: who it is, its session cookie, and (once connected) its hub connection.</summary>
internal sealed class Participant(Guid id, string cookie)
{
    public Guid Id { get; } = id;

    public string Cookie { get; } = cookie;

    public HubConnection? Connection { get; set; }
}

internal sealed record Pair(Participant Citizen, Participant Staff, Guid ConversationId);

/// <summary>
/// What every benchmark starts from: a fresh database, the product in its own process, and N linked
/// citizen/staff pairs whose conversations were opened through the inbox endpoint, as the apps open them.
/// </summary>
internal sealed class Stage : IAsyncDisposable
{
    private readonly DatabaseTarget _database;
    private int _closed;
    private string? _firstCloseReason;

    private Stage(DatabaseTarget database, HostProcess host, List<Pair> pairs, HttpClient http)
    {
        _database = database;
        Host = host;
        Pairs = pairs;
        Http = http;
    }

    public HostProcess Host { get; }

    public List<Pair> Pairs { get; }

    public HttpClient Http { get; }

    public string DatabaseLabel => _database.Label;

    /// <summary>Pair connections that closed on their own (server abort, missed pings) since they opened.</summary>
    public int ClosedConnections => Volatile.Read(ref _closed);

    /// <summary>Why the first of them closed, as the client saw it.</summary>
    public string? FirstCloseReason => Volatile.Read(ref _firstCloseReason);

    /// <summary>Called for every MessageReceived on any connection: the receiver, the message, when it arrived.</summary>
    public Action<Participant, MessageView, long>? OnMessage { get; set; }

    public static async Task<Stage> CreateAsync(Options options, int? pairCount = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var database = options.Database switch
        {
            "postgres" => await DatabaseTarget.PostgresAsync(options.Postgres ?? throw new ArgumentException("--db postgres needs --postgres \"Host=…;Port=…;Username=…;Database=postgres\"")),
            "sqlite-wal" => DatabaseTarget.Sqlite(wal: true),
            _ => DatabaseTarget.Sqlite(wal: false),
        };
        HostProcess? host = null;
        try
        {
            var started = Stopwatch.GetTimestamp();
            host = await HostProcess.StartAsync(database, options.Profile, environment);
            var seeded = await host.SendAsync<PairsReply>("pairs", count: pairCount ?? options.Pairs);
            var http = NewHttpClient(host.BaseAddress);

            // The inbox creates each link's conversation the first time someone looks, as the apps do.
            var pairs = new Pair[seeded.Pairs.Count];
            await Parallel.ForAsync(0, pairs.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            {
                var seed = seeded.Pairs[i];
                using var request = new HttpRequestMessage(HttpMethod.Get, "/api/conversations");
                request.Headers.Add("Cookie", $"{AuthSetup.CookieName}={seed.StaffCookie}");
                using var response = await http.SendAsync(request, ct);
                response.EnsureSuccessStatusCode();
                var inbox = await response.Content.ReadFromJsonAsync<List<InboxEntry>>(ct);
                pairs[i] = new Pair(new Participant(seed.CitizenId, seed.CitizenCookie), new Participant(seed.StaffId, seed.StaffCookie), inbox!.Single().ConversationId);
            });
            Console.WriteLine($"  stage: {options.Database}, {pairs.Length} pairs seeded and conversations opened in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s (host pid {host.ProcessId}, {host.BaseAddress})");
            return new Stage(database, host, [.. pairs], http);
        }
        catch
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }

            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>Connects both sides of every pair over WebSockets (no negotiation round trip).</summary>
    public async Task ConnectPairsAsync()
    {
        var all = Pairs.SelectMany(p => new[] { p.Citizen, p.Staff }).ToList();
        await Parallel.ForEachAsync(all, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (participant, ct) =>
        {
            var connection = Connect(participant.Cookie);
            connection.On<MessageView>("MessageReceived", m => OnMessage?.Invoke(participant, m, Stopwatch.GetTimestamp()));
            connection.Closed += e =>
            {
                Interlocked.Increment(ref _closed);
                Interlocked.CompareExchange(ref _firstCloseReason, e?.Message ?? "closed by the server", null);
                return Task.CompletedTask;
            };
            await connection.StartAsync(ct);
            participant.Connection = connection;
        });
    }

    /// <summary>A hub connection as a browser makes it: WebSockets only, the session cookie, no negotiate request.</summary>
    public HubConnection Connect(string cookie) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(Host.BaseAddress, "/hubs/chat"), o =>
            {
                o.SkipNegotiation = true;
                o.Transports = HttpTransportType.WebSockets;
                o.Headers["Cookie"] = $"{AuthSetup.CookieName}={cookie}";
            })
            .Build();

    public async ValueTask DisposeAsync()
    {
        await Parallel.ForEachAsync(Pairs.SelectMany(p => new[] { p.Citizen, p.Staff }).Where(p => p.Connection is not null),
            new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (p, _) => await p.Connection!.DisposeAsync());
        Http.Dispose();
        await Host.DisposeAsync();
        await _database.DisposeAsync();
    }

    private static HttpClient NewHttpClient(Uri baseAddress) =>
        new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
}
