using System.Text;
using Microsoft.Playwright;

namespace Samtale.BrowserTests.Infrastructure;

/// <summary>
/// Runs axe-core on a page at a desktop and a phone size, saves a screenshot of each, and keeps every
/// violation, so one run lists all the problems instead of stopping at the first page that has one.
/// </summary>
public sealed class AccessibilityCheck
{
    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };

    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    /// <summary>WCAG 2.1 level A and AA: what the Danish web accessibility act (and EN 301 549) asks of public bodies.</summary>
    private const string RunAxe = """
        async () => {
          const result = await axe.run(document, {
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
            resultTypes: ['violations'],
          });
          return result.violations.map(v => ({
            id: v.id,
            impact: v.impact ?? '',
            help: v.help,
            helpUrl: v.helpUrl,
            nodes: v.nodes.map(n => ({
              target: n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : String(t)).join(', '),
              html: n.html,
              summary: n.failureSummary ?? '',
            })),
          }));
        }
        """;

    private readonly List<string> _found = [];
    private readonly List<string> _checked = [];

    /// <summary>
    /// Gives a browser context axe-core. An init script is injected through the DevTools protocol, so the
    /// product's CSP (no inline script) stays on and axe judges the page exactly as a visitor gets it.
    /// </summary>
    public static async Task AddAxeAsync(IBrowserContext context)
    {
        if (!File.Exists(TestPaths.AxeScript))
        {
            throw new FileNotFoundException("axe-core is missing; the build runs `npm ci` in tests/Samtale.BrowserTests.", TestPaths.AxeScript);
        }

        await context.AddInitScriptAsync(scriptPath: TestPaths.AxeScript);
    }

    /// <summary>Checks the page as it is now, at both sizes, then puts the viewport back.</summary>
    public async Task PageAsync(IPage page, string name)
    {
        var original = page.ViewportSize;
        foreach (var (size, label) in new[] { (Desktop, "desktop"), (Phone, "phone") })
        {
            await page.SetViewportSizeAsync(size.Width, size.Height);
            var violations = await page.EvaluateAsync<AxeViolation[]>(RunAxe);
            _checked.Add($"{name} ({label})");
            Directory.CreateDirectory(TestPaths.Screenshots);
            await page.ScreenshotAsync(new() { Path = Path.Combine(TestPaths.Screenshots, $"{name}-{label}.png"), FullPage = true });
            foreach (var v in violations)
            {
                var text = new StringBuilder($"{name} ({label}) {new Uri(page.Url).PathAndQuery}: {v.Id} [{v.Impact}] {v.Help}\n    {v.HelpUrl}\n");
                foreach (var n in v.Nodes)
                {
                    text.Append($"    at {n.Target}\n       {n.Html}\n       {n.Summary.Replace("\n", "\n       ", StringComparison.Ordinal)}\n");
                }

                _found.Add(text.ToString());
            }
        }

        if (original is not null)
        {
            await page.SetViewportSizeAsync(original.Width, original.Height);
        }
    }

    public void AssertNoViolations()
    {
        Assert.NotEmpty(_checked);
        if (_found.Count > 0)
        {
            Assert.Fail($"axe-core found {_found.Count} WCAG 2.1 AA violation(s):\n\n{string.Join("\n", _found)}\nChecked: {string.Join(", ", _checked)}");
        }
    }
}
