using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Samtale.BrowserTests.Infrastructure;

/// <summary>What a staff member does in the browser, step by step, the way the pages ask for it.</summary>
public static partial class StaffSteps
{
    /// <summary>
    /// Password, then the second factor: an account without TOTP is shown the key to enrol, which the
    /// authenticator reads off the page; an enrolled one is asked for the current code.
    /// </summary>
    public static async Task SignInAsync(this IPage page, Authenticator authenticator, string userName, string password, Func<IPage, Task>? atSecondFactor = null)
    {
        await page.GotoAsync("/Accounts/SignIn");
        await page.Locator("#UserName").FillAsync(userName);
        await page.Locator("#Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Fortsæt" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(SecondFactorUrl());

        var key = page.Locator(".secret");
        if (await key.CountAsync() > 0)
        {
            authenticator.Add(userName, await key.InnerTextAsync());
        }

        if (atSecondFactor is not null)
        {
            await atSecondFactor(page);
        }

        await page.Locator("#Code").FillAsync(authenticator.NextCode(userName));
        await page.GetByRole(AriaRole.Button, new() { Name = "Bekræft" }).ClickAsync();
        await Expect(page).Not.ToHaveURLAsync(SecondFactorUrl());
    }

    /// <summary>Submits the form that holds the given field; pages with several forms have one "Opret" each.</summary>
    public static Task SubmitFormWithAsync(this IPage page, string fieldSelector, string button) =>
        page.Locator("form", new() { Has = page.Locator(fieldSelector) })
            .GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();

    [GeneratedRegex("/Accounts/SecondFactor$")]
    private static partial Regex SecondFactorUrl();
}
