using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Samtale.Web.Features.Setup;

namespace Samtale.BrowserTests.Infrastructure;

/// <summary>
/// One test class's world: the product on a loopback port with a fresh database, and one Chromium.
/// Each browser context the tests open is a separate person on a separate device.
/// </summary>
public sealed class LiveSite : IAsyncLifetime
{
    /// <summary>Debian's Chromium; `playwright install` cannot download a browser on these machines.</summary>
    private const string Chromium = "/usr/bin/chromium";

    private readonly ConcurrentQueue<string> _browserErrors = new();
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public SamtaleApp App { get; } = new();

    public Authenticator Authenticator { get; } = new();

    private IBrowser Browser => _browser ?? throw new InvalidOperationException("The site is not started.");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException($"Chromium is missing at {Chromium}: apt-get install -y chromium");
        }

        // StartServer blocks while the product migrates its database; the browser starts meanwhile.
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
            ],
        });
        await server;
        Assertions.SetDefaultExpectTimeout(10_000);
    }

    /// <summary>A new person: own cookies, Danish browser, the product's CSP left on.</summary>
    public async Task<IBrowserContext> NewPersonAsync(ViewportSize? viewport = null, bool withAxe = false)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = App.BaseAddress.ToString(),
            Locale = "da-DK",
            ViewportSize = viewport ?? AccessibilityCheck.Desktop,
        });
        context.SetDefaultTimeout(15_000);
        context.Console += (_, message) =>
        {
            // A refused form answers 400 on purpose, and Chromium logs every 4xx; anything else logged
            // as an error (a CSP refusal, a script failure) is a defect.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource: the server responded with a status of 4", StringComparison.Ordinal))
            {
                _browserErrors.Enqueue($"{message.Location}: {message.Text}");
            }
        };
        context.WebError += (_, error) => _browserErrors.Enqueue($"uncaught: {error.Error}");
        if (withAxe)
        {
            await AccessibilityCheck.AddAxeAsync(context);
        }

        return context;
    }

    /// <summary>
    /// For a class with several tests: each starts with a clean record, so a test that failed before its own
    /// check does not fail the next one with its leftovers.
    /// </summary>
    public void ForgetBrowserErrors() => _browserErrors.Clear();

    /// <summary>Fails the test if any page logged an error: CSP refusals and script errors show up only there.</summary>
    public void AssertNoBrowserErrors() =>
        Assert.True(_browserErrors.IsEmpty, $"The browser logged errors:\n{string.Join("\n", _browserErrors)}");

    /// <summary>The one-time link the server prints at first start, as the operator would copy it from the log.</summary>
    public async Task<string> SetupLinkAsync()
    {
        var firstStart = App.Services.GetRequiredService<FirstStart>();

        // The product opens the link on a background task once it listens; wait for it rather than race it.
        for (var i = 0; i < 100; i++)
        {
            if (firstStart.PeekToken() is { } token)
            {
                return $"/Setup?token={token}";
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException("The product did not open a setup link within 5 seconds.");
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        await App.DisposeAsync();
    }
}
