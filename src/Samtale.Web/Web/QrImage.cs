using QRCoder;

namespace Samtale.Web.Web;

/// <summary>QR codes as data: URIs, so no secret ever sits behind a URL that could be logged or cached.</summary>
public static class QrImage
{
    public static string DataUri(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(6);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }
}
