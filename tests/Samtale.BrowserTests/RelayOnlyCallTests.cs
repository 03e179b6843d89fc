using Microsoft.Playwright;
using Samtale.BrowserTests.Infrastructure;
using Samtale.Web.Features.Visits;
using static Microsoft.Playwright.Assertions;

namespace Samtale.BrowserTests;

/// <summary>
/// A screen visit forced through TURN (iceTransportPolicy "relay") by a coturn the test starts in
/// <c>--use-auth-secret</c> mode: it connects only if the credentials Samtale minted are right.
/// </summary>
public sealed class RelayOnlyCallTests(RelayCallSite site) : IClassFixture<RelayCallSite>
{
    [Fact]
    public async Task RelayOnlyCall_ConnectsThroughCoturnWithCredentialsSamtaleMinted_VideoBothWays()
    {
        var (staff, citizen) = await CallSteps.StartAnsweredCallAsync(site, "relay");

        var atCitizen = await citizen.ReceivesMediaAsync();
        var atStaff = await staff.ReceivesMediaAsync();
        Assert.True(atCitizen.Video > 0 && atStaff.Video > 0);

        // Both ends of the selected path are relay candidates: the media went through coturn.
        const string selected = """
            async () => {
              const types = [];
              const stats = await window.samtaleCall.pc().getStats();
              stats.forEach((s) => {
                if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') {
                  types.push(stats.get(s.localCandidateId).candidateType, stats.get(s.remoteCandidateId).candidateType);
                }
              });
              return types.join(',');
            }
            """;
        foreach (var page in new[] { staff, citizen })
        {
            // A recovery on a busy machine can leave a moment with no selected pair; ask until there is one.
            var found = await page.EvaluateAsync<string>(selected);
            for (var tries = 0; found.Length == 0 && tries < 40; tries++)
            {
                await Task.Delay(250);
                found = await page.EvaluateAsync<string>(selected);
            }

            var types = found.Split(',');
            Assert.NotEmpty(found);
            Assert.All(types, type => Assert.Equal("relay", type));
        }


        await citizen.GetByRole(AriaRole.Button, new() { Name = "Læg på" }).ClickAsync();
        await Expect(staff.Locator("#call")).ToHaveAttributeAsync("data-state", "ended");
        Assert.Equal(CallEndReason.Completed, Assert.Single(await site.App.CallsAsync()).EndReason);
        site.AssertNoBrowserErrors();
    }

    [Fact]
    public async Task PreCallCheck_CameraMicrophoneServerAndRelayWork_SaysReadyInPlainWords()
    {
        var municipality = await site.App.MunicipalityAsync("Tjekby Kommune");
        var citizen = await site.App.CitizenAsync(municipality, "Ida Tjek");
        var code = await site.App.EnrolmentCodeAsync(citizen);
        var axe = new AccessibilityCheck();
        var phone = await site.NewPersonAsync(AccessibilityCheck.Phone, withAxe: true);
        var page = await phone.NewPageAsync();
        await page.EnrolAsync(code);

        await page.GetByRole(AriaRole.Link, new() { Name = "Tjek kamera, lyd og forbindelse før et skærmbesøg" }).ClickAsync();

        await Expect(page.Locator("#check-relay")).ToHaveAttributeAsync("data-result", "ok");
        await Expect(page.Locator("#check-server")).ToHaveAttributeAsync("data-result", "ok");
        await Expect(page.Locator("#check-camera")).ToHaveAttributeAsync("data-result", "ok");
        await Expect(page.Locator("#check-microphone")).ToHaveAttributeAsync("data-result", "ok");
        await Expect(page.Locator("#check-verdict")).ToHaveTextAsync("Alt virker. Du er klar til skærmbesøg.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Afspil testlyd" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Jeg hørte ingenting" }).ClickAsync();
        await Expect(page.Locator("#check-verdict")).ToHaveTextAsync("Skru op for lyden, eller prøv høretelefoner.");
        await axe.PageAsync(page, "pre-call-check");

        axe.AssertNoViolations();
        site.AssertNoBrowserErrors();
    }
}
