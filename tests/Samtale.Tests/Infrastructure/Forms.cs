using System.Net;
using AngleSharp.Html.Parser;

namespace Samtale.Tests.Infrastructure;

/// <summary>Fills in and posts the product's own HTML forms, antiforgery token and hidden fields included.</summary>
public static class Forms
{
    /// <summary>GETs a page and returns the fields of the form that posts back to it.</summary>
    public static async Task<Dictionary<string, string>> ReadAsync(HttpClient browser, string path)
    {
        var response = await browser.GetAsync(path);
        await HttpAssert.StatusAsync(HttpStatusCode.OK, response);
        var page = await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());
        var form = page.QuerySelectorAll("form")
            .Where(f => string.Equals(f.GetAttribute("method"), "post", StringComparison.OrdinalIgnoreCase))
            .First(f => f.GetAttribute("action") is null or "" || f.GetAttribute("action") == path);
        return form.QuerySelectorAll("input[name]")
            .GroupBy(i => i.GetAttribute("name")!)
            .ToDictionary(g => g.Key, g => g.First().GetAttribute("value") ?? "");
    }

    /// <summary>Opens the page, fills in the given fields and submits its form, as a person would.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient browser, string path, Dictionary<string, string> values)
    {
        var fields = await ReadAsync(browser, path);
        foreach (var (name, value) in values)
        {
            fields[name] = value;
        }

        return await browser.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    /// <summary>
    /// Submits the form that posts to the page's named handler (or to the page itself), with fields that may
    /// repeat, as checkboxes do. The given names replace what the page filled in; its hidden fields stay.
    /// </summary>
    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient browser, string path, string? handler, IReadOnlyList<KeyValuePair<string, string>> values)
    {
        var response = await browser.GetAsync(path);
        await HttpAssert.StatusAsync(HttpStatusCode.OK, response);
        var page = await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());
        var action = handler is null ? path : $"{path}?handler={handler}";
        var form = page.QuerySelectorAll("form")
            .Where(f => string.Equals(f.GetAttribute("method"), "post", StringComparison.OrdinalIgnoreCase))
            .First(f => (f.GetAttribute("action") is null or "" ? path : f.GetAttribute("action")) == action);
        var given = values.Select(v => v.Key).ToHashSet();
        var fields = form.QuerySelectorAll("input[type=hidden][name]")
            .Where(i => !given.Contains(i.GetAttribute("name")!))
            .Select(i => KeyValuePair.Create(i.GetAttribute("name")!, i.GetAttribute("value") ?? ""))
            .Concat(values);
        return await browser.PostAsync(action, new FormUrlEncodedContent(fields));
    }
}
