using System.Net;
using System.Security.Cryptography;
using Samtale.Tests.Infrastructure;

namespace Samtale.Tests.Messaging;

/// <summary>
/// Anna and Liva on the built product running as a process of its own (see <see cref="ServerProcess"/>).
/// They are set up in-process first, on the same database and with the same master key: the Data
/// Protection keys that seal session cookies live in the database, so the cookies the setup mints are
/// ones the separate process accepts, exactly as after a restart of a real installation.
/// </summary>
public sealed class AnnaAndLivaOnARealServer : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, string> _settings;

    private AnnaAndLivaOnARealServer(DurableTestDatabase database, IReadOnlyDictionary<string, string> settings)
    {
        Database = database;
        _settings = settings;
    }

    public DurableTestDatabase Database { get; }

    public string MasterKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public ServerProcess Server { get; private set; } = null!;

    public Guid ConversationId { get; private set; }

    /// <summary>Liva's session cookie, as her phone would send it.</summary>
    public string LivasCookie { get; private set; } = "";

    public string AnnasCookie { get; private set; } = "";

    public static async Task<AnnaAndLivaOnARealServer> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var world = new AnnaAndLivaOnARealServer(await DurableTestDatabase.CreateAsync(), settings ?? new Dictionary<string, string>());
        try
        {
            await world.SetUpAsync();
            world.Server = await ServerProcess.StartAsync(world.Database, world.MasterKey, world._settings);
            return world;
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server again on the same database and port, after a kill.</summary>
    public async Task RestartAsync()
    {
        var port = Server.Address.Port;
        await Server.DisposeAsync();
        Server = await ServerProcess.StartAsync(Database, MasterKey, _settings, port);
    }

    public HttpClient Browser(string cookie) => Server.Browser(cookie);

    public async ValueTask DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        await Database.DisposeAsync();
    }

    private async Task SetUpAsync()
    {
        await using var setup = await ProductApp.StartOnAsync(Database, new Dictionary<string, string?> { ["Encryption:MasterKey"] = MasterKey });

        // The server process runs on the real clock; sessions must be fresh by it, not by the test clock.
        setup.Clock.SetUtcNow(TimeProvider.System.GetUtcNow());
        var w = await AnnaAndLiva.CreateAsync(setup);
        ConversationId = w.ConversationId;
        LivasCookie = setup.CookiesOf(w.LivasPhone).GetCookieHeader(ProductApp.BaseAddress);
        AnnasCookie = setup.CookiesOf(w.AnnasBrowser).GetCookieHeader(ProductApp.BaseAddress);
        Assert.StartsWith("__Host-samtale=", LivasCookie, StringComparison.Ordinal);
        await HttpAssert.StatusAsync(HttpStatusCode.OK, await w.LivasPhone.GetAsync("/api/me"));
    }
}
