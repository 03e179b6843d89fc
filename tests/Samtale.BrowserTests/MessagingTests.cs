using System.Collections.Concurrent;
using Microsoft.Playwright;
using Samtale.BrowserTests.Infrastructure;
using Samtale.Web.Features.Accounts;
using SkiaSharp;
using static Microsoft.Playwright.Assertions;

namespace Samtale.BrowserTests;

/// <summary>
/// Secure messaging as its two sides use it, each person in their own Chromium context: live chat with
/// delivered and read state, a photo whose position does not survive the upload, a group message that
/// becomes separate conversations, and markup that stays text.
/// </summary>
public sealed class MessagingTests(LiveSite site) : IClassFixture<LiveSite>
{
    [Fact]
    public async Task CitizenAndStaff_ChatLiveAndSendAPhoto_TheDownloadedPhotoCarriesNoPosition()
    {
        site.ForgetBrowserErrors();
        var app = site.App;
        var municipality = await app.MunicipalityAsync("Vestby Kommune");
        var anna = await app.AccountAsync(municipality, "anna.chat", "Anna Holm", StaffRoles.Staff);
        await app.EnrolTotpAsync(anna, site.Authenticator);
        var bo = await app.CitizenAsync(municipality, "Bo Nielsen");
        await app.LinkAsync(bo, anna, null, "SAG-2026-0301");
        var code = await app.EnrolmentCodeAsync(bo);

        await using var phone = await site.NewPersonAsync(AccessibilityCheck.Phone);
        var citizen = await phone.NewPageAsync();
        await citizen.EnrolAsync(code);
        var citizenSide = await citizen.OpenLiveAsync(() => citizen.GetByRole(AriaRole.Link, new() { Name = "Anna Holm" }).ClickAsync());
        await Expect(citizen.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Anna Holm");

        await using var desk = await site.NewPersonAsync(AccessibilityCheck.Desktop);
        var staff = await desk.NewPageAsync();
        await staff.SignInAsync(site.Authenticator, "anna.chat", Seed.Password);
        await staff.GotoAsync("/Accounts/Sessions");

        // The citizen writes while the staff member is elsewhere: sent, then delivered when the inbox
        // shows it, then read when the conversation is opened; the citizen watches it move, live.
        const string first = "Hej Anna, jeg har et spørgsmål om mødet.";
        await citizen.WriteAsync(first);
        await Expect(citizen.Locator("#Text")).ToHaveValueAsync("");
        await Expect(citizen.Mine(first).Locator(".status")).ToHaveTextAsync("Sendt");
        await staff.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Indbakke" }).ClickAsync();
        var inboxEntry = staff.Locator("ul.inbox li.unread").Filter(new() { HasText = "Bo Nielsen" });
        await Expect(inboxEntry.Locator(".badge")).ToHaveTextAsync("1 ulæste");
        await Expect(citizen.Mine(first).Locator(".status")).ToHaveTextAsync("Leveret");
        var staffSide = await staff.OpenLiveAsync(() => inboxEntry.GetByRole(AriaRole.Link).ClickAsync());
        Assert.Equal(citizenSide, staffSide);
        await Expect(staff.Theirs(first)).ToBeVisibleAsync();
        await Expect(citizen.Mine(first).Locator(".status")).ToHaveTextAsync("Læst");

        // From here on both have the conversation open, and nothing may reload either page.
        await citizen.MarkWindowAsync();
        await staff.MarkWindowAsync();
        const string question = "Kan vi flytte mødet på torsdag?";
        await citizen.WriteAsync(question);
        await Expect(staff.Theirs(question)).ToBeVisibleAsync();
        await Expect(staff.Theirs(question).Locator(".who")).ToHaveTextAsync("Bo Nielsen");
        await Expect(citizen.Mine(question).Locator(".status")).ToHaveTextAsync("Læst");

        const string answer = "Ja, det kan vi godt. Passer fredag kl. 10?";
        await staff.WriteAsync(answer);
        await Expect(citizen.Theirs(answer)).ToBeVisibleAsync();
        await Expect(citizen.Theirs(answer).Locator(".who")).ToHaveTextAsync("Anna Holm");
        await Expect(staff.Mine(answer).Locator(".status")).ToHaveTextAsync("Læst");

        // The citizen attaches a photo straight from the phone, GPS position and all.
        var original = GpsPhoto.Create();
        AssertIsTheGpsPhoto(original);
        var chooser = await citizen.RunAndWaitForFileChooserAsync(() => citizen.GetByText("Vedhæft", new() { Exact = true }).ClickAsync());
        await chooser.SetFilesAsync(new FilePayload { Name = "IMG_20260312_0915.jpg", MimeType = "image/jpeg", Buffer = original });
        await Expect(citizen.Locator("#chosen-file")).ToHaveTextAsync("IMG_20260312_0915.jpg");
        await citizen.Locator("#Text").FillAsync("Her er billedet af brevet");
        await citizen.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();

        var sentPhoto = citizen.Mine("Her er billedet af brevet").Locator("img.preview");
        await Expect(sentPhoto).ToBeVisibleAsync();
        var receivedPhoto = staff.Theirs("Her er billedet af brevet").Locator("img.preview");
        await Expect(receivedPhoto).ToBeVisibleAsync();
        await Expect(receivedPhoto).ToHaveAttributeAsync("alt", "Billede, åbn i fuld størrelse (IMG_20260312_0915.jpg)");
        await AssertImageShowsAsync(receivedPhoto);
        await staff.AssertNotReloadedAsync();
        await citizen.AssertNotReloadedAsync();

        // The staff member downloads the photo the way the page offers it: the link around the preview.
        var download = await staff.RunAndWaitForDownloadAsync(() => staff.Theirs("Her er billedet af brevet").Locator("p.file a").ClickAsync());
        Assert.Equal("IMG_20260312_0915.jpg", download.SuggestedFilename);
        var downloaded = await File.ReadAllBytesAsync(await download.PathAsync());
        Directory.CreateDirectory(TestPaths.Screenshots);
        await File.WriteAllBytesAsync(Path.Combine(TestPaths.Screenshots, "photo-sent-by-citizen.jpg"), original);
        await File.WriteAllBytesAsync(Path.Combine(TestPaths.Screenshots, "photo-downloaded-by-staff.jpg"), downloaded);
        await citizen.ScreenshotAsync(new() { Path = Path.Combine(TestPaths.Screenshots, "chat-photo-citizen-phone.png"), FullPage = true });
        await staff.ScreenshotAsync(new() { Path = Path.Combine(TestPaths.Screenshots, "chat-photo-staff-desktop.png"), FullPage = true });
        AssertCarriesNoPosition(downloaded, "the downloaded photo");
        AssertIsTheSamePictureTurnedUpright(downloaded);

        // The preview is a picture of the photo, so it must not carry the position either.
        var previewUrl = await receivedPhoto.GetAttributeAsync("src");
        var preview = await desk.APIRequest.GetAsync(previewUrl!);
        Assert.Equal(200, preview.Status);
        AssertCarriesNoPosition(await preview.BodyAsync(), "the preview");

        site.AssertNoBrowserErrors();
    }

    [Fact]
    public async Task GroupMessage_ToThreeCitizens_ArrivesAsThreeSeparateConversations()
    {
        site.ForgetBrowserErrors();
        var app = site.App;
        var municipality = await app.MunicipalityAsync("Østby Kommune");
        var staffAccount = await app.AccountAsync(municipality, "gitte.group", "Gitte Krogh", StaffRoles.Staff);
        await app.EnrolTotpAsync(staffAccount, site.Authenticator);
        string[] names = ["Freja Sand", "Gustav Bech", "Hanne Lykke"];
        var codes = new Dictionary<string, string>();
        foreach (var name in names)
        {
            var citizen = await app.CitizenAsync(municipality, name);
            await app.LinkAsync(citizen, staffAccount, null, $"SAG-2026-04{codes.Count}");
            codes[name] = await app.EnrolmentCodeAsync(citizen);
        }

        await using var desk = await site.NewPersonAsync();
        var staff = await desk.NewPageAsync();
        await staff.SignInAsync(site.Authenticator, "gitte.group", Seed.Password);
        await staff.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Gruppebesked" }).ClickAsync();
        foreach (var name in names)
        {
            await staff.GetByRole(AriaRole.Checkbox, new() { Name = name }).CheckAsync();
        }

        const string text = "Husk: borgerservice holder lukket mandag den 6. april.";
        await staff.Locator("#Text").FillAsync(text);
        await staff.GetByRole(AriaRole.Button, new() { Name = "Send til de valgte" }).ClickAsync();
        await Expect(staff.GetByRole(AriaRole.Status)).ToHaveTextAsync("Beskeden er sendt. Modtagere: 3.");

        // Each citizen, on their own phone, finds one copy in their own conversation, unread, and
        // nothing that names or shows the other two.
        var conversations = new ConcurrentDictionary<string, Guid>();
        await Task.WhenAll(names.Select(async name =>
        {
            await using var phone = await site.NewPersonAsync(AccessibilityCheck.Phone);
            var page = await phone.NewPageAsync();
            await page.EnrolAsync(codes[name]);
            var contact = page.Locator("a.contact");
            await Expect(contact).ToHaveCountAsync(1);
            await Expect(contact).ToContainTextAsync("Gitte Krogh");
            await Expect(contact.Locator(".badge")).ToHaveTextAsync("1 ulæste");
            conversations[name] = await page.OpenLiveAsync(() => contact.ClickAsync());
            await Expect(page.Messages()).ToHaveCountAsync(1);
            await Expect(page.Theirs(text).Locator(".who")).ToHaveTextAsync("Gitte Krogh");
            foreach (var other in names.Where(n => n != name))
            {
                await Expect(page.Locator("body")).Not.ToContainTextAsync(other);
                await Expect(page.Locator("body")).Not.ToContainTextAsync(other.Split(' ')[0]);
            }
        }));
        Assert.Equal(3, conversations.Values.Distinct().Count());

        // The staff member's inbox: three conversations, one per citizen, each holding its own copy.
        await staff.GotoAsync("/Staff");
        var inbox = staff.Locator("ul.inbox > li");
        await Expect(inbox).ToHaveCountAsync(3);
        foreach (var name in names)
        {
            var link = staff.Locator("ul.inbox").GetByRole(AriaRole.Link, new() { Name = name });
            await Expect(link).ToHaveAttributeAsync("href", $"/Staff/Conversation/{conversations[name]}");
        }

        await staff.GotoAsync($"/Staff/Conversation/{conversations[names[1]]}");
        await Expect(staff.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(names[1]);
        await Expect(staff.Messages()).ToHaveCountAsync(1);
        await Expect(staff.Mine(text).Locator(".status")).ToHaveTextAsync("Læst");

        site.AssertNoBrowserErrors();
    }

    [Fact]
    public async Task MarkupInAMessage_ShowsAsTextOnBothSides_AndRunsNothing()
    {
        site.ForgetBrowserErrors();
        var app = site.App;
        var municipality = await app.MunicipalityAsync("Nordvest Kommune");
        var staffAccount = await app.AccountAsync(municipality, "ivan.xss", "Ivan Vang", StaffRoles.Staff);
        await app.EnrolTotpAsync(staffAccount, site.Authenticator);
        var resident = await app.CitizenAsync(municipality, "Jonas Friis");
        await app.LinkAsync(resident, staffAccount, null, "SAG-2026-0501");
        var code = await app.EnrolmentCodeAsync(resident);

        // Anything the markup could do shows up here: a dialog, a request for its image, or (as a console
        // error) the CSP refusing its inline handler. The CSP alone would stop alert(), so a page that
        // wrongly rendered the markup shows up as the image request, the missing text and that error.
        var ran = new ConcurrentQueue<string>();
        void Watch(IPage page)
        {
            page.Dialog += (_, dialog) =>
            {
                ran.Enqueue($"{page.Url}: a {dialog.Type} dialog said \"{dialog.Message}\"");
                _ = dialog.DismissAsync();
            };
            page.Request += (_, request) =>
            {
                if (new Uri(request.Url).Segments[^1] is "x" or "y")
                {
                    ran.Enqueue($"{page.Url}: the markup's image was requested: {request.Url}");
                }
            };
        }

        await using var phone = await site.NewPersonAsync(AccessibilityCheck.Phone);
        var citizen = await phone.NewPageAsync();
        Watch(citizen);
        await citizen.EnrolAsync(code);
        await citizen.OpenLiveAsync(() => citizen.Locator("a.contact").ClickAsync());

        await using var desk = await site.NewPersonAsync();
        var staff = await desk.NewPageAsync();
        Watch(staff);
        await staff.SignInAsync(site.Authenticator, "ivan.xss", Seed.Password);
        var conversation = await staff.OpenLiveAsync(() => staff.Locator("ul.inbox a").ClickAsync());

        const string fromCitizen = "<img src=x onerror=alert(1)>";
        const string fromStaff = "<script>alert(2)</script><b>fed</b> <img src=y onerror=alert(3)>";
        await citizen.WriteAsync(fromCitizen);
        await Expect(citizen.Locator("#messages li.msg.mine .status")).ToHaveTextAsync("Læst");
        await staff.WriteAsync(fromStaff);
        await Expect(citizen.Locator("#messages li.msg.theirs")).ToHaveCountAsync(1);

        // Live (built by chat.js), then as the server renders it after a reload.
        foreach (var how in new[] { "live", "reloaded" })
        {
            if (how == "reloaded")
            {
                await citizen.ReloadAsync();
                await staff.ReloadAsync();
            }

            foreach (var page in new[] { citizen, staff })
            {
                // An onerror handler would have run by the time its image request settled.
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                Assert.True(ran.IsEmpty, $"Markup in a message ran ({how}):\n{string.Join("\n", ran)}");
                await Expect(page.Locator("#messages p.bubble")).ToHaveTextAsync([fromCitizen, fromStaff]);
                await Expect(page.Locator("#messages img, #messages script, #messages b")).ToHaveCountAsync(0);
            }
        }

        // The staff member's search shows the matches as text too.
        await staff.GotoAsync($"/Staff/Conversation/{conversation}/Search?q=onerror");
        await Expect(staff.GetByRole(AriaRole.Status)).ToHaveTextAsync("Fundne beskeder: 2");
        await Expect(staff.Locator("ol.messages p.bubble")).ToHaveTextAsync([fromCitizen, fromStaff]);
        await Expect(staff.Locator("ol.messages img, ol.messages script, ol.messages b")).ToHaveCountAsync(0);

        await staff.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.True(ran.IsEmpty, $"Markup in a search result ran:\n{string.Join("\n", ran)}");
        site.AssertNoBrowserErrors();
    }

    /// <summary>The test's own photo first: a JPEG a real decoder reads, with the EXIF the server must drop.</summary>
    private static void AssertIsTheGpsPhoto(byte[] photo)
    {
        Assert.Contains((byte)0xE1, GpsPhoto.SegmentMarkers(photo));
        foreach (var (what, bytes) in GpsPhoto.Giveaways().Where(g => !g.What.Contains("little-endian", StringComparison.Ordinal)))
        {
            Assert.True(photo.AsSpan().IndexOf(bytes) >= 0, $"The test photo lacks {what}.");
        }

        // SkiaSharp, which the server decodes with, reads the EXIF block: it sees the orientation.
        using var codec = SKCodec.Create(new SKMemoryStream(photo));
        Assert.NotNull(codec);
        Assert.Equal(SKEncodedOrigin.RightTop, codec.EncodedOrigin);
        Assert.Equal(new SKSizeI(GpsPhoto.Width, GpsPhoto.Height), codec.Info.Size);
    }

    private static void AssertCarriesNoPosition(byte[] jpeg, string what)
    {
        var markers = GpsPhoto.SegmentMarkers(jpeg);
        Assert.DoesNotContain((byte)0xE1, markers);
        foreach (var (giveaway, bytes) in GpsPhoto.Giveaways())
        {
            Assert.True(jpeg.AsSpan().IndexOf(bytes) < 0, $"{what} still holds {giveaway}.");
        }
    }

    /// <summary>Still a JPEG, the same colour, and turned the way the EXIF said (so the server read it before dropping it).</summary>
    private static void AssertIsTheSamePictureTurnedUpright(byte[] jpeg)
    {
        using var codec = SKCodec.Create(new SKMemoryStream(jpeg));
        Assert.NotNull(codec);
        Assert.Equal(SKEncodedImageFormat.Jpeg, codec.EncodedFormat);
        Assert.Equal(SKEncodedOrigin.TopLeft, codec.EncodedOrigin);
        using var bitmap = SKBitmap.Decode(codec);
        Assert.NotNull(bitmap);
        Assert.Equal(new SKSizeI(GpsPhoto.Height, GpsPhoto.Width), new SKSizeI(bitmap.Width, bitmap.Height));
        var centre = bitmap.GetPixel(bitmap.Width / 2, bitmap.Height / 2);
        Assert.InRange(centre.Red, GpsPhoto.Colour.Red - 8, GpsPhoto.Colour.Red + 8);
        Assert.InRange(centre.Green, GpsPhoto.Colour.Green - 8, GpsPhoto.Colour.Green + 8);
        Assert.InRange(centre.Blue, GpsPhoto.Colour.Blue - 8, GpsPhoto.Colour.Blue + 8);
    }

    /// <summary>The image has loaded and has pixels: naturalWidth stays 0 for a missing or broken image.</summary>
    private static async Task AssertImageShowsAsync(ILocator image)
    {
        await Expect(image).ToHaveJSPropertyAsync("complete", true);
        await Expect(image).Not.ToHaveJSPropertyAsync("naturalWidth", 0);
    }
}
