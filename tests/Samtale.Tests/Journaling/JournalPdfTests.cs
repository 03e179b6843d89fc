using System.Text;
using Samtale.Web.Features.Journaling;

namespace Samtale.Tests.Journaling;

public sealed class JournalPdfTests
{
    private static readonly Guid Unit = Guid.Parse("019ab000-0000-7000-8000-000000000001");

    [Fact]
    public void SameUnit_RendersToTheSameBytes_SoARedeliveryCarriesTheSameHash()
    {
        var doc = Document("Første besked med æøå ÆØÅ", "Svar fra Anna");

        var first = JournalPdf.Render(doc);
        var second = JournalPdf.Render(doc);

        var at = Enumerable.Range(0, Math.Min(first.Length, second.Length)).FirstOrDefault(i => first[i] != second[i], -1);
        Assert.True(at < 0 && first.Length == second.Length, at < 0 ? "lengths differ" : Encoding.Latin1.GetString(first, Math.Max(0, at - 80), 160));
    }

    [Fact]
    public void LongNordicText_WrapsOverPages_AndReadsBackWordForWord()
    {
        var longText = string.Join(" ", Enumerable.Range(0, 600).Select(i => $"ord{i} blåbærgrød øl Ålesund"));
        var doc = Document(longText, "Kort svar — på bokmål: «Hei, dette går fint»");

        var text = JournalKit.PdfText(JournalPdf.Render(doc));

        Assert.Contains(longText, text, StringComparison.Ordinal);
        Assert.Contains("Kort svar — på bokmål: «Hei, dette går fint»", text, StringComparison.Ordinal);
    }

    private static JournalDocument Document(params string[] texts) =>
        new(Unit, Guid.Empty, "SAG-1", "Beskeder", new DateTime(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc), "Indgående", "Oio",
            [new JournalParty("borger", Guid.Empty, "Liva")],
            texts.Select((t, i) => new JournalMessage(i + 1, new DateTime(2026, 3, 2, 8, i, 0, DateTimeKind.Utc), "borger", Guid.Empty, "Liva", "Indgående", t, "", [])).ToList());
}
