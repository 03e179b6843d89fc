using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Samtale.Web.Data;

namespace Samtale.Bench;

/// <summary>
/// The real product on a loopback port, in the host process: Production environment, the product's own
/// start-up (migrations included), its own middleware, hub filters and services. The bench changes only
/// what a test would: the database it points at, a master key (so no key file lands in the source tree),
/// a cheaper password hash for the seeded accounts, and, when asked, counters that watch the database.
/// </summary>
internal sealed class BenchApp : WebApplicationFactory<Program>
{
    private readonly string _provider;
    private readonly string _connectionString;
    private readonly DbProfile? _profile;
    private readonly HubTiming _hubTiming;

    public BenchApp(string provider, string connectionString, DbProfile? profile, HubTiming hubTiming)
    {
        _provider = provider;
        _connectionString = connectionString;
        _profile = profile;
        _hubTiming = hubTiming;
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    }

    public Uri BaseAddress { get; private set; } = null!;

    public void Start()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environments.Production);
        builder.UseSetting("Database:Provider", _provider);
        builder.UseSetting("Database:ConnectionString", _connectionString);
        builder.UseSetting("Demo:Seed", "false");
        builder.UseSetting("Journal:FolderRoots:0", Path.GetTempPath());
        builder.UseSetting("Encryption:MasterKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

        // Standard output carries the protocol to the driver; the product's errors go to standard error.
        builder.UseSetting("Logging:LogLevel:Default", "Error");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Error");

        // EF logs the migrator's probe for a missing history table on PostgreSQL as an error; a real
        // failure still surfaces as the hub's or the endpoint's own error.
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command", "None");
        builder.UseSetting("Logging:Console:FormatterName", "simple");
        builder.ConfigureLogging(logging => logging.ClearProviders().AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        builder.ConfigureTestServices(services =>
        {
            // Seeding hashes 400 passwords and PINs; their strength is not what is measured.
            services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1000);

            // Added after the product's own filter, so it runs inside it and times the hub method alone.
            services.Configure<HubOptions>(o => o.AddFilter(_hubTiming));

            if (_profile is { } profile)
            {
                if (_provider == "Postgres")
                {
                    services.ConfigureDbContext<PostgresAppDbContext>(o => o.AddInterceptors(profile.Interceptors));
                }
                else
                {
                    services.ConfigureDbContext<SqliteAppDbContext>(o => o.AddInterceptors(profile.Interceptors));
                }
            }
        });
    }
}
