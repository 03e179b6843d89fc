using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Samtale.Web.Data;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Citizens;
using Samtale.Web.Features.Links;
using Samtale.Web.Features.Tenancy;

namespace Samtale.Tests.Infrastructure;

/// <summary>
/// The product, started in memory with a database of its own and a clock the test turns. Its methods
/// are the things a test wants to have happened ("a municipality with a team", "Anna is signed in"),
/// done through the product's own services so every rule they pass through is the real one.
/// </summary>
public sealed class ProductApp : WebApplicationFactory<Program>
{
    /// <summary>A Monday morning in the product's first season.</summary>
    public static readonly DateTimeOffset StartTime = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Every staff account the tests create gets this password.</summary>
    public const string Password = "korrekt-hest-batteri";

    /// <summary>A PIN that passes every rule.</summary>
    public const string GoodPin = "2719";

    public static readonly Uri BaseAddress = new("https://localhost");

    private readonly TestDatabase _database;
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly Dictionary<string, string> _totpKeys = [];
    private readonly ConditionalWeakTable<HttpClient, CookieContainer> _cookies = [];

    internal ProductApp(TestDatabase database, IReadOnlyDictionary<string, string?>? settings = null)
    {
        _database = database;
        _settings = settings ?? new Dictionary<string, string?>();
    }

    public FakeTimeProvider Clock { get; } = new(StartTime);

    public bool OnPostgres => _database.Provider == "Postgres";

    /// <summary>Starts the product on a fresh database. Migrations run in the product's own start-up.</summary>
    public static async Task<ProductApp> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var database = await TestDatabase.CreateAsync();
        var app = new ProductApp(database, settings);
        try
        {
            await app.StartAsync();
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the product on a database that outlives it (see <see cref="DurableTestDatabase"/>).</summary>
    public static async Task<ProductApp> StartOnAsync(DurableTestDatabase database, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var app = new ProductApp(TestDatabase.Borrowed(database.Provider, database.ConnectionString), settings);
        try
        {
            await app.StartAsync();
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the product pointed at a database that cannot be reached, without migrating it.</summary>
    public static async Task<ProductApp> StartWithUnreachableDatabaseAsync()
    {
        var app = new ProductApp(TestDatabase.Unreachable(), new Dictionary<string, string?> { ["Database:MigrateOnStartup"] = "false" });
        await app.StartAsync();
        return app;
    }

    internal Task StartAsync() => Task.Run(StartServer);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environments.Production);
        builder.UseSetting("Database:Provider", _database.Provider);
        builder.UseSetting("Database:ConnectionString", _database.ConnectionString);

        // Tests drive the journal dispatcher by hand (RunOnceAsync); a test that wants the loop turns it on.
        builder.UseSetting("Journal:RunInBackground", "false");
        builder.UseSetting("Journal:FolderRoots:0", Path.GetTempPath());
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.ClearProviders().AddConsole().AddProvider(new ServerErrors()).SetMinimumLevel(LogLevel.Error));
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);

            // Hash strength is not under test, and a hundred thousand PBKDF2 rounds per password and PIN
            // would be most of the suite's run time. The stored hash records its own round count.
            services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1000);
        });
    }

    /// <summary>A browser without a session. Cookies are kept; redirects are not followed.</summary>
    public HttpClient Anonymous() => ClientWith(new CookieContainer());

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public async Task InScopeAsync(Func<IServiceProvider, Task> work)
    {
        await using var scope = Services.CreateAsyncScope();
        await work(scope.ServiceProvider);
    }

    /// <summary>Reads or changes the database directly, outside any municipality's scope.</summary>
    public Task<T> DbAsync<T>(Func<AppDbContext, Task<T>> work) =>
        InScopeAsync(sp => work(sp.GetRequiredService<AppDbContext>()));

    public Task<Municipality> CreateMunicipalityAsync(string name) =>
        InScopeAsync(async sp => Succeeded(await sp.GetRequiredService<Organisation>().CreateMunicipalityAsync(name, default)));

    public Task<Team> CreateTeamAsync(Municipality municipality, string name) =>
        InScopeAsync(async sp => Succeeded(await sp.GetRequiredService<Organisation>().CreateTeamAsync(municipality.Id, name, default)));

    /// <summary>
    /// Creates a password account (no municipality for installation roles) and enrols its TOTP app, as
    /// the first sign-in would. The key is kept so a test can compute codes: <see cref="TotpCode"/>.
    /// </summary>
    public async Task<StaffAccount> CreateStaffAsync(Municipality? municipality, string userName, StaffRoles roles, params Team[] teams)
    {
        var account = await InScopeAsync(async sp => Succeeded(await sp.GetRequiredService<Organisation>().CreateAccountAsync(
            municipality?.Id, userName, $"Display {userName}", Password, roles, teams.Select(t => t.Id).ToList(), default)));
        var key = Totp.NewKey();
        await InScopeAsync(async sp =>
        {
            var totp = sp.GetRequiredService<Totp>();
            var enrolled = await sp.GetRequiredService<StaffSignIn>().EnrolTotpAsync(account.Id, key, totp.CodeAt(key, Clock.GetUtcNow().UtcDateTime), default);
            Assert.NotNull(enrolled);
        });
        _totpKeys[account.UserName] = key;
        return account;
    }

    /// <summary>The code the user's authenticator app shows right now.</summary>
    public string TotpCode(string userName) =>
        Services.GetRequiredService<Totp>().CodeAt(_totpKeys[userName], Clock.GetUtcNow().UtcDateTime);

    /// <summary>
    /// A browser with a live staff session. The password and TOTP steps are covered by their own tests;
    /// here the session is started the way the second-factor page starts it, and the cookie is sealed
    /// with the app's own ticket format, so the server accepts it exactly as one it issued.
    /// </summary>
    public async Task<HttpClient> SignInStaffAsync(string userName)
    {
        var principal = await InScopeAsync(async sp =>
        {
            var name = StaffSignIn.Normalise(userName);
            var account = await sp.GetRequiredService<AppDbContext>().StaffAccounts.IgnoreQueryFilters().SingleAsync(a => a.UserName == name);
            return await sp.GetRequiredService<SessionStore>().StartStaffAsync(account, default);
        });
        return ClientWithSession(principal);
    }

    public Task<Citizen> CreateCitizenAsync(Municipality municipality, string displayName) =>
        InScopeAsync(async sp => Succeeded(await sp.GetRequiredService<Organisation>().CreateCitizenAsync(municipality.Id, displayName, default)));

    /// <summary>Issues an enrolment code, as a municipality administrator would hand it out.</summary>
    public Task<string> IssueCodeAsync(Citizen citizen) =>
        InScopeAsync(async sp => (await sp.GetRequiredService<Enrolment>().IssueAsync(citizen, Guid.Empty, default)).Code);

    /// <summary>Redeems a code on a new device with a PIN; fails the test if the product refuses.</summary>
    public async Task<RegisteredDevice> RegisterDeviceAsync(string code, string pin = GoodPin)
    {
        var (error, device) = await RedeemAsync(code, pin);
        Assert.Equal(RedeemError.None, error);
        return device!;
    }

    public Task<(RedeemError Error, RegisteredDevice? Device)> RedeemAsync(string code, string pin, string? pinAgain = null) =>
        InScopeAsync(sp => sp.GetRequiredService<Enrolment>().RedeemAsync(code, pin, pinAgain ?? pin, "Android, Chrome", default));

    public Task<(UnlockResult Result, int TriesLeft, CitizenDevice? Device)> TryPinAsync(RegisteredDevice device, string pin) =>
        InScopeAsync(sp => sp.GetRequiredService<PinUnlock>().TryAsync(device.DeviceToken, pin, default));

    /// <summary>Unlocks a registered device with its PIN and returns a browser with the citizen's session.</summary>
    public async Task<HttpClient> UnlockAsync(RegisteredDevice device, string pin = GoodPin)
    {
        var (result, _, _) = await TryPinAsync(device, pin);
        Assert.Equal(UnlockResult.Unlocked, result);
        var principal = await InScopeAsync(sp => sp.GetRequiredService<SessionStore>().StartCitizenAsync(device.Citizen, device.Device.Id, default));
        return ClientWithSession(principal);
    }

    /// <summary>The whole citizen path: a code, a device registered with it, unlocked with the PIN.</summary>
    public async Task<(HttpClient Client, Guid DeviceId)> SignInCitizenAsync(Citizen citizen)
    {
        var device = await RegisterDeviceAsync(await IssueCodeAsync(citizen));
        return (await UnlockAsync(device), device.Device.Id);
    }

    /// <summary>Links a citizen to one staff member or to a whole team.</summary>
    public Task<CitizenLink> LinkAsync(Citizen citizen, StaffAccount? staff = null, Team? team = null, string caseReference = "SAG-2026-0001") =>
        InScopeAsync(async sp =>
        {
            var (error, link) = await sp.GetRequiredService<LinkAdministration>()
                .LinkAsync(citizen.TenantId, citizen.Id, staff?.Id, team?.Id, caseReference, Guid.Empty, default);
            Assert.Equal(LinkError.None, error);
            return link!;
        });

    public Task<bool> MayReachAsync(Citizen citizen, StaffAccount staff) =>
        InScopeAsync(sp => sp.GetRequiredService<ReachPolicy>().MayReachAsync(citizen.Id, staff.Id, default));

    private HttpClient ClientWithSession(ClaimsPrincipal principal)
    {
        var options = Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(AuthSetup.Scheme);
        var now = Clock.GetUtcNow();
        var ticket = new AuthenticationTicket(principal, new AuthenticationProperties
        {
            IssuedUtc = now,
            ExpiresUtc = now + options.ExpireTimeSpan,
        }, AuthSetup.Scheme);
        var cookies = new CookieContainer();
        cookies.Add(BaseAddress, new Cookie(AuthSetup.CookieName, options.TicketDataFormat.Protect(ticket), "/") { Secure = true, HttpOnly = true });
        return ClientWith(cookies);
    }

    /// <summary>The cookie jar behind a browser this app made, so a hub connection can present the same session.</summary>
    public CookieContainer CookiesOf(HttpClient browser) =>
        _cookies.TryGetValue(browser, out var cookies) ? cookies : throw new ArgumentException("Not a browser this app made.", nameof(browser));

    private HttpClient ClientWith(CookieContainer cookies)
    {
        var client = CreateDefaultClient(BaseAddress, new CookieContainerHandler(cookies));
        _cookies.Add(client, cookies);
        return client;
    }

    private static T Succeeded<T>((OrganisationError? Error, T? Value) result)
        where T : class
    {
        Assert.True(result.Error is null, $"The product refused: {result.Error}");
        return result.Value!;
    }
}
