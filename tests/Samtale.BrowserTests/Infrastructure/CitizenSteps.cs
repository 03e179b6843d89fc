using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Samtale.BrowserTests.Infrastructure;

/// <summary>What a citizen does on their phone, the way the pages ask for it.</summary>
public static partial class CitizenSteps
{
    /// <summary>Redeems an enrolment code and chooses a PIN: two POSTs, and the phone lands on its contacts.</summary>
    public static async Task EnrolAsync(this IPage page, string code)
    {
        await page.GotoAsync("/Citizens/Enrol");
        await page.Locator("#Code").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Næste" }).ClickAsync();
        await page.Locator("#Pin").FillAsync(Seed.GoodPin);
        await page.Locator("#PinAgain").FillAsync(Seed.GoodPin);
        await page.GetByRole(AriaRole.Button, new() { Name = "Gem pinkode" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(Welcomed());
    }

    [GeneratedRegex(@"/Citizens\?welcome=1$")]
    private static partial Regex Welcomed();
}
