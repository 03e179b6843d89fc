using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Samtale.BrowserTests.Infrastructure;

/// <summary>
/// The conversation view both sides share (Features/Shared/_Conversation.cshtml and wwwroot/js/chat.js).
/// </summary>
public static partial class ChatSteps
{
    /// <summary>
    /// Opens a conversation and waits until it is live: chat.js fetches the newest messages right after
    /// its SignalR connection starts, so that answer means a message sent from now on arrives without a reload.
    /// Returns the conversation's id, taken from the page's address.
    /// </summary>
    public static async Task<Guid> OpenLiveAsync(this IPage page, Func<Task> navigate)
    {
        await page.RunAndWaitForResponseAsync(navigate, r => CatchUp().IsMatch(r.Url) && r.Ok);
        await Expect(page.Locator("#composer")).ToBeVisibleAsync();
        return Guid.Parse(ConversationId().Match(page.Url).Value);
    }

    /// <summary>
    /// Marks the window; a navigation or reload replaces the window object and drops the mark, so
    /// <see cref="AssertNotReloadedAsync"/> proves that what appeared came over the live connection.
    /// </summary>
    public static Task MarkWindowAsync(this IPage page) => page.EvaluateAsync("() => { window.__samtaleNoReload = true; }");

    public static async Task AssertNotReloadedAsync(this IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>("() => window.__samtaleNoReload === true"), $"{page.Url} was reloaded; the message did not arrive live.");

    /// <summary>Types into the composer and presses Enter, which sends.</summary>
    public static async Task WriteAsync(this IPage page, string text)
    {
        await page.Locator("#Text").FillAsync(text);
        await page.Locator("#Text").PressAsync("Enter");
    }

    public static ILocator Messages(this IPage page) => page.Locator("#messages li.msg");

    public static ILocator Mine(this IPage page, string text) => page.Locator("#messages li.msg.mine").Filter(new() { Has = page.Locator("p.bubble", new() { HasTextString = text }) });

    public static ILocator Theirs(this IPage page, string text) => page.Locator("#messages li.msg.theirs").Filter(new() { Has = page.Locator("p.bubble", new() { HasTextString = text }) });

    [GeneratedRegex(@"/api/conversations/[0-9a-f-]{36}/messages\?")]
    private static partial Regex CatchUp();

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex ConversationId();
}
