using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Samtale.Tests.Infrastructure;
using Samtale.Web.Features.Messaging;
using SkiaSharp;

namespace Samtale.Tests.Messaging;

/// <summary>
/// A citizen sends photos and documents in the chat. The type is what the bytes are, photos lose their
/// metadata, names are made safe, and an upload that is too big is turned away before it is read.
/// </summary>
public sealed class SendingFilesTests
{
    private const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public static readonly TheoryData<string, string> BlockedFiles = new()
    {
        { "windows-program", "faktura.pdf" },
        { "linux-program", "billede.jpg" },
        { "shell-script", "brev.docx" },
        { "html-page", "foto.png" },
        { "plain-zip", "referat.docx" },
        { "svg-with-script", "tegning.png" },
    };

    [Theory]
    [MemberData(nameof(BlockedFiles))]
    public async Task BlockedFile_RenamedToAnAllowedExtension_IsRefusedWith400AndNothingIsStored(string kind, string fileName)
    {
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        var before = await DbSnapshot.TakeAsync(app);
        var bytes = kind switch
        {
            "windows-program" => SampleFiles.WindowsProgram(),
            "linux-program" => SampleFiles.LinuxProgram(),
            "shell-script" => Encoding.UTF8.GetBytes("#!/bin/sh\nrm -rf ~\n"),
            "html-page" => Encoding.UTF8.GetBytes("<html><script>alert(document.cookie)</script></html>"),
            "plain-zip" => SampleFiles.PlainZip(),
            _ => Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"),
        };

        var response = await Uploads.SendAsync(w.LivasPhone, w.ConversationId, bytes, fileName, "se vedhæftede");

        await HttpAssert.StatusAsync(HttpStatusCode.BadRequest, response);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await DbSnapshot.TakeAsync(app));
    }

    [Fact]
    public async Task Pdf_IsAcceptedAndDownloadsByteForByteToTheOtherParty()
    {
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        await using var anna = await ChatConnection.OpenAsync(app, w.AnnasBrowser);
        var pdf = SampleFiles.Pdf("Udskrivningsbrev fra sygehuset");

        var sent = await SentAsync(await Uploads.SendAsync(w.LivasPhone, w.ConversationId, pdf, "udskrivningsbrev.pdf", "Her er brevet"));

        var file = Assert.Single(sent.Attachments);
        Assert.Equal(("udskrivningsbrev.pdf", "application/pdf", (long)pdf.Length, false), (file.Name, file.ContentType, file.Size, file.HasPreview));
        Assert.Equal(sent.Id, (await anna.NextAsync()).Id);
        var download = await w.AnnasBrowser.GetAsync($"/api/attachments/{file.Id}");
        await HttpAssert.StatusAsync(HttpStatusCode.OK, download);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
        await HttpAssert.StatusAsync(HttpStatusCode.NotFound, await w.AnnasBrowser.GetAsync($"/api/attachments/{file.Id}/preview"));
    }

    [Fact]
    public async Task WordDocument_IsAcceptedAsDocxAndDownloadsUnchanged()
    {
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        var docx = SampleFiles.Docx("Ansøgning om boligstøtte");

        var sent = await SentAsync(await Uploads.SendAsync(w.LivasPhone, w.ConversationId, docx, "ansøgning.docx"));

        var file = Assert.Single(sent.Attachments);
        Assert.Equal(("ansøgning.docx", DocxType), (file.Name, file.ContentType));
        var download = await w.AnnasBrowser.GetAsync($"/api/attachments/{file.Id}");
        await HttpAssert.StatusAsync(HttpStatusCode.OK, download);
        Assert.Equal(DocxType, download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(docx, await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Photo_WithGpsInItsExif_DownloadsWithoutAnyExifOrPosition()
    {
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        var photo = SampleFiles.JpegWithGps();
        Assert.True(Contains(photo, "Exif\0\0"u8.ToArray()) && Contains(photo, SampleFiles.GpsLatitude), "the sample photo carries EXIF GPS");
        using (var codec = SKCodec.Create(new SKMemoryStream(photo)))
        {
            Assert.NotNull(codec);
        }

        var sent = await SentAsync(await Uploads.SendAsync(w.LivasPhone, w.ConversationId, photo, "IMG_2041.jpg"));

        var file = Assert.Single(sent.Attachments);
        Assert.Equal(("IMG_2041.jpg", "image/jpeg", true), (file.Name, file.ContentType, file.HasPreview));
        foreach (var path in new[] { $"/api/attachments/{file.Id}", $"/api/attachments/{file.Id}/preview" })
        {
            var response = await w.AnnasBrowser.GetAsync(path);
            await HttpAssert.StatusAsync(HttpStatusCode.OK, response);
            Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            Assert.False(Contains(bytes, "Exif"u8.ToArray()), $"{path} still has an Exif block");
            Assert.False(Contains(bytes, SampleFiles.GpsLatitude), $"{path} still has the latitude");
            Assert.False(Contains(bytes, SampleFiles.GpsLongitude), $"{path} still has the longitude");
            Assert.False(Contains(bytes, Encoding.ASCII.GetBytes(SampleFiles.CameraMake)), $"{path} still names the camera");
            Assert.False(Contains(bytes, [0xFF, 0xE1]) && IndexOfApp1(bytes) >= 0, $"{path} still has an APP1 segment");
            using var decoded = SKBitmap.Decode(bytes);
            Assert.NotNull(decoded);
            if (!path.EndsWith("/preview", StringComparison.Ordinal))
            {
                Assert.Equal((64, 48), (decoded.Width, decoded.Height));
            }
        }
    }

    [Fact]
    public async Task Upload_DeclaringOneGigabyte_IsRefusedWith413BeforeTheBodyIsRead()
    {
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        var before = await DbSnapshot.TakeAsync(app);
        var body = new RefusingStream(allowedBytes: 4096);
        var content = new StreamContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");
        content.Headers.ContentLength = 1L << 30;

        var response = await w.LivasPhone.PostAsync($"/api/conversations/{w.ConversationId}/attachments", content);

        await HttpAssert.StatusAsync(HttpStatusCode.RequestEntityTooLarge, response);
        Assert.True(body.BytesRead <= 4096, $"the server read {body.BytesRead} bytes of the body");
        Assert.Equal(before, await DbSnapshot.TakeAsync(app));
    }

    [Fact]
    public async Task Upload_OverTheConfiguredSizeWithoutALength_IsRefusedWith413AfterReadingLittleMoreThanTheLimit()
    {
        await using var app = await ProductApp.StartAsync(new Dictionary<string, string?> { ["Attachments:MaxMegabytes"] = "1" });
        var w = await AnnaAndLiva.CreateAsync(app);
        var before = await DbSnapshot.TakeAsync(app);
        var pdf = SampleFiles.Pdf("stor").Concat(new byte[3 * 1024 * 1024]).ToArray();
        var form = Uploads.Form(pdf, "stor.pdf", "stor");
        var chunked = new ChunkedContent(await form.ReadAsByteArrayAsync(), form.Headers.ContentType!.ToString());

        var response = await w.LivasPhone.PostAsync($"/api/conversations/{w.ConversationId}/attachments", chunked);

        await HttpAssert.StatusAsync(HttpStatusCode.RequestEntityTooLarge, response);
        Assert.True(chunked.BytesRead < 2 * 1024 * 1024, $"the server took {chunked.BytesRead} bytes of a 3 MB upload with a 1 MB limit");
        Assert.Equal(before, await DbSnapshot.TakeAsync(app));
    }

    [Fact]
    public async Task Pdf_OfExactlyTheConfiguredSize_IsAccepted()
    {
        await using var app = await ProductApp.StartAsync(new Dictionary<string, string?> { ["Attachments:MaxMegabytes"] = "1" });
        var w = await AnnaAndLiva.CreateAsync(app);
        var head = SampleFiles.Pdf("præcis grænsen");
        var pdf = head.Concat(new byte[(1024 * 1024) - head.Length]).ToArray();

        var sent = await SentAsync(await Uploads.SendAsync(w.LivasPhone, w.ConversationId, pdf, "grænsen.pdf"));

        Assert.Equal(1024 * 1024, Assert.Single(sent.Attachments).Size);
    }

    public static readonly TheoryData<string, string, string> Names = new()
    {
        { "../../etc/passwd", "pdf", "passwd.pdf" },
        { "C:\\Users\\liva\\Skrivebord\\brev.pdf", "pdf", "brev.pdf" },
        { "/var/www/uploads/../../rapport.pdf", "pdf", "rapport.pdf" },
        { "faktura.exe", "pdf", "faktura.pdf" },
        { "opgave.pdf.exe", "docx", "opgave.pdf.docx" },
        { "ferie.pdf", "jpeg", "ferie.jpg" },
        { "rapport\u0007\u001b[31m\u0001.pdf", "pdf", "rapport__[31m_.pdf" },
        { "<script>alert(1)<\u2044script>.pdf", "pdf", "_script_alert(1)_\u2044script_.pdf" },
        { "   ...   ", "pdf", "dokument.pdf" },
        { ".jpg", "jpeg", "billede.jpg" },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public async Task FileName_IsSanitisedToABareNameWithTheExtensionOfWhatTheFileIs(string given, string kind, string expected)
    {
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        var bytes = kind switch
        {
            "pdf" => SampleFiles.Pdf("navn"),
            "docx" => SampleFiles.Docx("navn"),
            _ => SampleFiles.Jpeg(),
        };

        var sent = await SentAsync(await Uploads.SendAsync(w.LivasPhone, w.ConversationId, bytes, given));

        var name = Assert.Single(sent.Attachments).Name;
        Assert.Equal(expected, name);
        Assert.DoesNotContain(name, c => char.IsControl(c) || c is '/' or '\\' or '<' or '>' or '"');
        var download = await w.AnnasBrowser.GetAsync($"/api/attachments/{sent.Attachments[0].Id}");
        await HttpAssert.StatusAsync(HttpStatusCode.OK, download);
        var disposition = download.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal(expected, disposition.FileNameStar ?? disposition.FileName?.Trim('"'));
        Assert.Equal(expected, (await Chat.HistoryAsync(w.AnnasBrowser, w.ConversationId)).Single().Attachments.Single().Name);
    }

    private static async Task<MessageView> SentAsync(HttpResponseMessage response)
    {
        await HttpAssert.StatusAsync(HttpStatusCode.Created, response);
        return await HttpAssert.JsonAsync<MessageView>(response);
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    // An APP1 segment is FF E1 followed by a length; in entropy-coded data FF is always followed by 00 or a restart marker.
    private static int IndexOfApp1(byte[] jpeg)
    {
        var i = 2;
        while (i + 4 <= jpeg.Length && jpeg[i] == 0xFF)
        {
            var marker = jpeg[i + 1];
            if (marker == 0xE1)
            {
                return i;
            }

            if (marker == 0xDA)
            {
                return -1;
            }

            i += 2 + ((jpeg[i + 2] << 8) | jpeg[i + 3]);
        }

        return -1;
    }

    /// <summary>Sends its inner content without a Content-Length, as a chunked upload does, and counts what was read of it.</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly byte[] _body;

        public ChunkedContent(byte[] body, string contentType)
        {
            _body = body;
            Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        public long BytesRead { get; private set; }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            for (var offset = 0; offset < _body.Length; offset += 16 * 1024)
            {
                var n = Math.Min(16 * 1024, _body.Length - offset);
                await stream.WriteAsync(_body.AsMemory(offset, n));
                BytesRead += n;
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
