using MimeKit;
using Samtale.Tests.Infrastructure;
using Samtale.Tests.Messaging;
using Samtale.Tests.Notifications;
using Samtale.Web.Features.Journaling;
using Samtale.Web.Features.Messaging;

namespace Samtale.Tests.Journaling;

/// <summary>The e-mail sink against a real SMTP server on loopback: the case mailbox gets the PDF, the XML and the files.</summary>
public sealed class EmailJournalTests
{
    [Fact]
    public async Task Messages_ArriveAsOneMailWithPdfXmlAndFiles_AndSmtpAcceptanceConfirms()
    {
        await using var smtp = new TestSmtpServer();
        await using var app = await ProductApp.StartAsync(new Dictionary<string, string?>
        {
            ["Notifications:Smtp:Host"] = "127.0.0.1",
            ["Notifications:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Notifications:Smtp:Security"] = "None",
        });
        var w = await AnnaAndLiva.CreateAsync(app);
        await JournalKit.UseEmailAsync(app, w.Nordby.Id, "sagspost@nordby.dk");
        var a = await Chat.PostAsync(w.LivasPhone, w.ConversationId, "Må min mor være med til mødet?");
        var b = await Chat.PostAsync(w.AnnasBrowser, w.ConversationId, "Ja, hun er velkommen. Venlig hilsen Anna");
        var pdfFile = SampleFiles.Pdf("Lægeerklæring");
        var c = await HttpAssert.JsonAsync<MessageView>(await Uploads.SendAsync(w.LivasPhone, w.ConversationId, pdfFile, "erklæring.pdf", "Erklæringen"));

        var run = await JournalKit.RunAsync(app);

        Assert.Equal((1, 1), (run.Confirmed, run.Purged));
        var mail = Assert.Single(await smtp.WaitForAsync(1));
        var unit = (await JournalKit.UnitsAsync(app)).Single();
        Assert.Equal("sagspost@nordby.dk", mail.To.Mailboxes.Single().Address);
        Assert.Equal($"{unit.Id:N}@samtale.journal", mail.MessageId);
        var parts = mail.Attachments.OfType<MimePart>().ToDictionary(p => p.FileName ?? "", Bytes);
        var pdf = parts[$"{unit.Id:N}.pdf"];
        var text = JournalKit.PdfText(pdf);
        Assert.All(new[] { a, b, c }, m => Assert.Contains(m.Text, text, StringComparison.Ordinal));
        Assert.Contains(JournalKit.Sha256(pdf), System.Text.Encoding.UTF8.GetString(parts[$"{unit.Id:N}.xml"]), StringComparison.Ordinal);
        Assert.Equal(pdfFile, parts.Single(p => p.Key.StartsWith($"{unit.Id:N}-", StringComparison.Ordinal)).Value);
        Assert.StartsWith("smtp:", unit.ReceiptId, StringComparison.Ordinal);
        Assert.Equal(JournalKit.Sha256(pdf), unit.PdfSha256);
    }

    [Fact]
    public async Task SmtpServerDown_Retries_AndNothingIsPurged()
    {
        await using var app = await ProductApp.StartAsync(new Dictionary<string, string?>
        {
            ["Notifications:Smtp:Host"] = "127.0.0.1",
            ["Notifications:Smtp:Port"] = "9",
            ["Notifications:Smtp:Security"] = "None",
        });
        var w = await AnnaAndLiva.CreateAsync(app);
        await JournalKit.UseEmailAsync(app, w.Nordby.Id, "sagspost@nordby.dk");
        await Chat.PostAsync(w.LivasPhone, w.ConversationId, "Hej");

        var run = await JournalKit.RunAsync(app);

        Assert.Equal((1, 0), (run.Retried, run.Purged));
        Assert.Equal("Hej", (await Chat.HistoryAsync(w.AnnasBrowser, w.ConversationId)).Single().Text);
    }

    private static byte[] Bytes(MimePart part)
    {
        using var copy = new MemoryStream();
        part.Content!.DecodeTo(copy);
        return copy.ToArray();
    }
}
