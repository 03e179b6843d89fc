using System.Net;
using AngleSharp.Html.Parser;
using Samtale.Tests.Infrastructure;

namespace Samtale.Tests.Web;

/// <summary>Switching language in the footer comes back to the same page, its query included (a call page needs its ?visit=).</summary>
public sealed class LanguageSwitchTests
{
    [Fact]
    public async Task SwitchingLanguage_ReturnsToTheSamePage_WithItsQuery()
    {
        await using var app = await ProductApp.StartAsync();
        var browser = app.Anonymous();
        const string page = "/Accounts/SignIn?ReturnUrl=%2FVisits%2FCall%3Fvisit%3D1";
        var html = await new HtmlParser().ParseDocumentAsync(await (await browser.GetAsync(page)).Content.ReadAsStringAsync());
        var form = html.QuerySelector("form[action='/culture']")!;
        var fields = form.QuerySelectorAll("input[type=hidden][name]").Select(i => KeyValuePair.Create(i.GetAttribute("name")!, i.GetAttribute("value") ?? ""))
            .Append(KeyValuePair.Create("culture", "en"));

        var response = await browser.PostAsync("/culture", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(page, response.Headers.Location?.OriginalString);
        var english = await (await browser.GetAsync(page)).Content.ReadAsStringAsync();
        Assert.Contains("lang=\"en\"", english, StringComparison.Ordinal);
    }

    /// <summary>After a form post the address carries ?handler=…; coming back there by GET still shows the page.</summary>
    [Fact]
    public async Task PageAddressWithAPostHandler_StillShowsThePage_WhenComeBackTo()
    {
        await using var app = await ProductApp.StartAsync();
        var w = await TwoMunicipalities.CreateAsync(app);

        var response = await w.Clients["staff"].GetAsync("/Visits?handler=GuestLink");

        await HttpAssert.StatusAsync(HttpStatusCode.OK, response);
    }
}
