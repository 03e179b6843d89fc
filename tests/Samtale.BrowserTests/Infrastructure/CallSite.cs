using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Samtale.BrowserTests.Infrastructure;

/// <summary>
/// The product and a Chromium set up for calls: a fake camera and microphone that need no permission
/// prompt, loopback allowed as a WebRTC path, and optionally a coturn of its own that Samtale mints
/// credentials for. Each browser context is one person on one device.
/// </summary>
public abstract class CallSite : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";

    /// <summary>
    /// Drops every remote ICE candidate that is not on loopback, so the test's media never leaves the
    /// machine even though Chromium also offers its other interfaces. Relay candidates from the local
    /// coturn are on 127.0.0.1 and pass.
    /// </summary>
    private const string LoopbackOnly = """
        (() => {
          const add = RTCPeerConnection.prototype.addIceCandidate;
          RTCPeerConnection.prototype.addIceCandidate = function (candidate, ...rest) {
            const line = candidate && (candidate.candidate ?? '');
            const address = line.split(' ')[4];
            if (line && address !== '127.0.0.1' && address !== '::1') return Promise.resolve();
            return add.call(this, candidate, ...rest);
          };
        })();
        """;

    private readonly ConcurrentQueue<string> _browserErrors = new();
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public SamtaleApp App { get; private set; } = null!;

    public Authenticator Authenticator { get; } = new();

    public Coturn? Turn { get; private set; }

    protected abstract bool WithTurn { get; }

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException($"Chromium is missing at {Chromium}: apt-get install -y chromium");
        }

        var settings = new Dictionary<string, string?>();
        if (WithTurn)
        {
            Turn = await Coturn.StartAsync();
            settings["Turn:Urls:0"] = Turn.Url;
            settings["Turn:Secret"] = Turn.Secret;
            settings["Turn:RelayOnly"] = "true";
            settings["Turn:TtlSeconds"] = "600";
        }

        App = new SamtaleApp(settings);
        var server = Task.Run(App.Start);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
                "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--allow-loopback-in-peer-connection",
            ],
        });
        await server;
        Assertions.SetDefaultExpectTimeout(20_000);
    }

    public async Task<IBrowserContext> NewPersonAsync(ViewportSize viewport, bool withAxe = false)
    {
        var context = await _browser!.NewContextAsync(new()
        {
            BaseURL = App.BaseAddress.ToString(),
            Locale = "da-DK",
            ViewportSize = viewport,
            Permissions = ["camera", "microphone"],
        });
        context.SetDefaultTimeout(20_000);
        context.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource: the server responded with a status of 4", StringComparison.Ordinal))
            {
                _browserErrors.Enqueue($"{message.Location}: {message.Text}");
            }
        };
        context.WebError += (_, error) => _browserErrors.Enqueue($"uncaught: {error.Error}");
        await context.AddInitScriptAsync(LoopbackOnly);
        if (withAxe)
        {
            await AccessibilityCheck.AddAxeAsync(context);
        }

        return context;
    }

    public void AssertNoBrowserErrors() =>
        Assert.True(_browserErrors.IsEmpty, $"The browser logged errors:\n{string.Join("\n", _browserErrors)}");

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        if (Turn is not null)
        {
            await Turn.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}

/// <summary>Calls on loopback with no relay: the direct path.</summary>
public sealed class DirectCallSite : CallSite
{
    protected override bool WithTurn => false;
}

/// <summary>Calls forced through the site's own coturn (iceTransportPolicy "relay").</summary>
public sealed class RelayCallSite : CallSite
{
    protected override bool WithTurn => true;
}
