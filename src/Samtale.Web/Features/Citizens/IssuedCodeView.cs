using Samtale.Web.Web;

namespace Samtale.Web.Features.Citizens;

/// <summary>A freshly issued code as shown to the staff member, once. The QR code carries it in the URL fragment.</summary>
public sealed record IssuedCodeView(string CitizenName, string Code, DateTime ExpiresAt, string EnrolUrl, string QrDataUri)
{
    public static IssuedCodeView For(HttpRequest request, string citizenName, IssuedCode code)
    {
        var enrolUrl = $"{LoopbackIsSecure.BrowserScheme(request.HttpContext)}://{request.Host}/Citizens/Enrol";
        return new IssuedCodeView(citizenName, code.Code, code.ExpiresAt, enrolUrl, QrImage.DataUri($"{enrolUrl}#code={code.Code}"));
    }
}
