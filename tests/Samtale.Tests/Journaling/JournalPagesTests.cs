using System.Net;
using Microsoft.EntityFrameworkCore;
using Samtale.Tests.Infrastructure;
using Samtale.Tests.Messaging;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Journaling;

namespace Samtale.Tests.Journaling;

/// <summary>The pages around journaling: the administrator's settings, the operator's dead letters, and the state in the conversation.</summary>
public sealed class JournalPagesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("samtale-journal-").FullName;

    [Fact]
    public async Task MunicipalityAdmin_SetsTheHttpSink_TheKeyIsStoredProtectedAndNeverShownBack_AndTheActIsAudited()
    {
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        const string secret = "en-lang-hemmelig-noegle-til-hmac-signaturen-123";

        var saved = await Forms.SubmitAsync(w.Admin, "/Journaling/Settings", new Dictionary<string, string>
        {
            ["Sink"] = "Http",
            ["HttpUrl"] = "https://esdh.nordby.dk/journal",
            ["HttpSecret"] = secret,
            ["PurgeAfterDays"] = "3",
            ["MetadataProfile"] = "Oio",
        });

        await HttpAssert.StatusAsync(HttpStatusCode.OK, saved);
        var row = await app.DbAsync(db => db.Set<JournalSettings>().SingleAsync());
        Assert.Equal((JournalSinkKind.Http, "https://esdh.nordby.dk/journal", 3), (row.Sink, row.HttpUrl, row.PurgeAfterDays));
        Assert.DoesNotContain(secret, row.ProtectedHttpSecret!, StringComparison.Ordinal);
        var page = await (await w.Admin.GetAsync("/Journaling/Settings")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret, page, StringComparison.Ordinal);
        Assert.DoesNotContain(row.ProtectedHttpSecret!, page, StringComparison.Ordinal);
        Assert.Contains("secret-kept", page, StringComparison.Ordinal);
        Assert.True(await app.DbAsync(db => db.AuditEvents.AnyAsync(e => e.Action == "journal.settings.change" && e.ChainId == w.Nordby.Id)));

        // Saving again without a key keeps the stored one.
        await Forms.SubmitAsync(w.Admin, "/Journaling/Settings", new Dictionary<string, string> { ["Sink"] = "Http", ["HttpUrl"] = "https://esdh.nordby.dk/v2", ["PurgeAfterDays"] = "0" });
        Assert.Equal(row.ProtectedHttpSecret, (await app.DbAsync(db => db.Set<JournalSettings>().SingleAsync())).ProtectedHttpSecret);
    }

    [Theory]
    [InlineData("Folder", "FolderPath", "/no/such/folder")]
    [InlineData("Folder", "FolderPath", "/etc")]
    [InlineData("Http", "HttpUrl", "http://esdh.nordby.dk/plain-http")]
    [InlineData("Http", "HttpSecret", "kort")]
    [InlineData("Email", "EmailTo", "ikke en adresse")]
    [InlineData("None", "PurgeAfterDays", "-1")]
    public async Task BadSettings_AreRefusedWithAReadableError_AndNothingIsStored(string sink, string field, string value)
    {
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        var values = new Dictionary<string, string> { ["Sink"] = sink, ["PurgeAfterDays"] = "0", [field] = value };
        if (field == "HttpSecret")
        {
            values["HttpUrl"] = "https://esdh.nordby.dk/journal";
        }

        var response = await Forms.SubmitAsync(w.Admin, "/Journaling/Settings", values);

        await HttpAssert.StatusAsync(HttpStatusCode.BadRequest, response);
        Assert.Matches($"id=\"{field}\"[^>]*aria-invalid=\"true\"", await response.Content.ReadAsStringAsync());
        Assert.False(await app.DbAsync(db => db.Set<JournalSettings>().AnyAsync()));
    }

    [Theory]
    [InlineData("anna", "/Journaling/Settings")]
    [InlineData("anna", "/Journaling/Operations")]
    [InlineData("nordby.admin", "/Journaling/Operations")]
    public async Task WrongRole_OpensAJournalPage_IsTurnedAway(string user, string path)
    {
        await using var app = await ProductApp.StartAsync();
        await AnnaAndLiva.CreateAsync(app);
        using var browser = await app.SignInStaffAsync(user);

        var response = await browser.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Forbidden", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConversationPages_ShowWaitingThenJournaled_ToStaff_SavedToYourCase_ToTheCitizen_AndAPlaceholderAfterPurge()
    {
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        await JournalKit.UseFolderAsync(app, w.Nordby.Id, _folder, purgeAfterDays: 2);
        await Chat.PostAsync(w.LivasPhone, w.ConversationId, "Hvornår er mødet?");
        var staffPage = $"/Staff/Conversation/{w.ConversationId}";
        var citizenPage = $"/Citizens/Chat/{w.ConversationId}";

        Assert.Contains("data-journal=\"waiting\">Afventer journalisering<", await HtmlAsync(w.AnnasBrowser, staffPage), StringComparison.Ordinal);
        Assert.DoesNotContain("Gemt i din sag", await HtmlAsync(w.LivasPhone, citizenPage), StringComparison.Ordinal);

        await JournalKit.RunAsync(app);
        await File.WriteAllTextAsync(FolderSink.ReceiptFile(_folder, (await JournalKit.UnitsAsync(app)).Single().Id), "ESDH-1");
        await JournalKit.RunAsync(app);

        Assert.Contains("data-journal=\"journaled\">Journaliseret<", await HtmlAsync(w.AnnasBrowser, staffPage), StringComparison.Ordinal);
        var citizen = await HtmlAsync(w.LivasPhone, citizenPage);
        Assert.Contains("Gemt i din sag", citizen, StringComparison.Ordinal);
        Assert.Contains("Hvornår er mødet?", citizen, StringComparison.Ordinal);

        app.Clock.Advance(TimeSpan.FromDays(2));
        await JournalKit.RunAsync(app);

        citizen = await HtmlAsync(w.LivasPhone, citizenPage);
        Assert.Contains("Beskeden er gemt i sagen og slettet fra Samtale.", citizen, StringComparison.Ordinal);
        Assert.DoesNotContain("Hvornår er mødet?", citizen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Operator_SeesAParkedUnitWithItsReason_RetriesIt_AndTheRetryIsAudited()
    {
        await using var platform = await TestJournalEndpoint.StartAsync();
        platform.Answer = (n, post) => n == 1 ? (400, "") : (201, $$"""{"receiptId":"R-{{post.IdempotencyKey}}"}""");
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        await app.CreateStaffAsync(null, "drift", StaffRoles.ItOperations);
        using var operations = await app.SignInStaffAsync("drift");
        await JournalKit.UseHttpAsync(app, w.Nordby.Id, platform.Url);
        await Chat.PostAsync(w.LivasPhone, w.ConversationId, "Hej");
        await JournalKit.RunAsync(app);
        var unit = (await JournalKit.UnitsAsync(app)).Single();

        var page = await HtmlAsync(operations, "/Journaling/Operations");
        Assert.Contains(unit.Id.ToString(), page, StringComparison.Ordinal);
        Assert.Contains("http: 400", page, StringComparison.Ordinal);
        Assert.Contains("Nordby Kommune", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Hej<", page, StringComparison.Ordinal);

        var retried = await Forms.SubmitAsync(operations, "/Journaling/Operations", "Retry", [KeyValuePair.Create("UnitId", unit.Id.ToString())]);

        await HttpAssert.StatusAsync(HttpStatusCode.OK, retried);
        Assert.Equal(JournalUnitState.Pending, (await JournalKit.UnitsAsync(app)).Single().State);
        Assert.True(await app.DbAsync(db => db.AuditEvents.AnyAsync(e => e.Action == "journal.unit.retry" && e.TargetId == unit.Id && e.ChainId == w.Nordby.Id)));
        Assert.Equal(1, (await JournalKit.RunAsync(app)).Confirmed);
        Assert.Equal([unit.Id.ToString("N"), unit.Id.ToString("N")], platform.Received.Select(p => p.IdempotencyKey));
    }

    private static async Task<string> HtmlAsync(HttpClient browser, string path)
    {
        var response = await browser.GetAsync(path);
        await HttpAssert.StatusAsync(HttpStatusCode.OK, response);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
