using System.Net.Http.Json;
using Samtale.Tests.Infrastructure;

namespace Samtale.Tests.Api;

/// <summary>
/// Every JSON endpoint of the product, by a readable key, with a request that its rightful caller in
/// <see cref="TwoMunicipalities"/> would send. The ids in the paths are Nordby's.
/// </summary>
public static class ApiEndpoints
{
    public const string Me = "GET /api/me";
    public const string StaffCitizens = "GET /api/staff/citizens";
    public const string CitizenContacts = "GET /api/citizen/contacts";
    public const string IssueCode = "POST /api/citizens/{citizen}/enrolment-codes";
    public const string CreateMunicipality = "POST /api/system/municipalities";
    public const string CreateTeam = "POST /api/admin/teams";
    public const string CreateStaff = "POST /api/admin/staff";
    public const string CreateCitizen = "POST /api/admin/citizens";
    public const string CreateLink = "POST /api/admin/links";
    public const string RemoveLink = "DELETE /api/admin/links/{link}";
    public const string CitizenDevices = "GET /api/admin/citizens/{citizen}/devices";
    public const string RevokeDevice = "POST /api/admin/devices/{device}/revoke";
    public const string Inbox = "GET /api/conversations/";
    public const string Messages = "GET /api/conversations/{conversation}/messages";
    public const string PostMessage = "POST /api/conversations/{conversation}/messages";
    public const string MarkRead = "POST /api/conversations/{conversation}/read";
    public const string Search = "GET /api/conversations/{conversation}/search";
    public const string Upload = "POST /api/conversations/{conversation}/attachments";
    public const string Download = "GET /api/attachments/{attachment}";
    public const string Preview = "GET /api/attachments/{attachment}/preview";
    public const string PushKey = "GET /api/push/key";
    public const string Subscribe = "POST /api/push/subscriptions";
    public const string Unsubscribe = "DELETE /api/push/subscriptions";
    public const string ExportCitizen = "GET /api/admin/citizens/{citizen}/export";
    public const string ExportCitizenPdf = "GET /api/admin/citizens/{citizen}/export.pdf";

    /// <summary>A 1×1 PNG: the smallest real picture.</summary>
    public static readonly byte[] TinyPng = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    public static readonly string[] All =
        [Me, StaffCitizens, CitizenContacts, IssueCode, CreateMunicipality, CreateTeam, CreateStaff, CreateCitizen, CreateLink, RemoveLink, CitizenDevices, RevokeDevice,
         Inbox, Messages, PostMessage, MarkRead, Search, Upload, Download, Preview, PushKey, Subscribe, Unsubscribe, ExportCitizen, ExportCitizenPdf];

    /// <summary>Conversation endpoints that both parties of a conversation use; the link decides, not the role.</summary>
    public static readonly string[] ConversationParties = [Messages, PostMessage, MarkRead, Upload, Download, Preview];

    /// <summary>Everything but the citizen's own endpoints, the conversations and /api/me.</summary>
    public static readonly string[] StaffOnly = All.Except([Me, CitizenContacts, Inbox, PushKey, Subscribe, Unsubscribe, .. ConversationParties]).ToArray();

    public static HttpRequestMessage Request(string endpoint, TwoMunicipalities w)
    {
        var (method, template) = (endpoint.Split(' ')[0], endpoint.Split(' ')[1]);
        var path = template
            .Replace("{citizen}", w.Liva.Id.ToString(), StringComparison.Ordinal)
            .Replace("{link}", w.LivaWithAnna.Id.ToString(), StringComparison.Ordinal)
            .Replace("{device}", w.LivaDeviceId.ToString(), StringComparison.Ordinal)
            .Replace("{conversation}", w.LivaConversationId.ToString(), StringComparison.Ordinal)
            .Replace("{attachment}", w.LivaPhotoId.ToString(), StringComparison.Ordinal);
        if (endpoint == Search)
        {
            path += "?q=hej";
        }

        object? body = endpoint switch
        {
            CreateMunicipality => new { name = "Østby Kommune" },
            CreateTeam => new { name = "Nyt team" },
            CreateStaff => new { userName = "ny.kollega", displayName = "Ny Kollega", password = ProductApp.Password, roles = new[] { "Staff" }, teamIds = new[] { w.FamilyTeam.Id } },
            CreateCitizen => new { displayName = "Ny Borger" },
            CreateLink => new { citizenId = w.Liva.Id, staffAccountId = w.Bo.Id, caseReference = "SAG-2026-0042" },
            PostMessage => new { clientKey = Guid.NewGuid().ToString("N"), text = "Hej, kan vi flytte mødet?" },
            MarkRead => new { upTo = 0 },
            Subscribe or Unsubscribe => new
            {
                endpoint = "https://fcm.googleapis.com/fcm/send/test-subscription",
                keys = new { p256dh = "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM", auth = "tBHItJI5svbpez7KI4CCXg" },
            },
            _ => null,
        };
        if (endpoint == Upload)
        {
            return new HttpRequestMessage(HttpMethod.Post, path) { Content = PhotoForm(Guid.NewGuid().ToString("N"), TinyPng) };
        }

        return new HttpRequestMessage(new HttpMethod(method), path) { Content = body is null ? null : JsonContent.Create(body) };
    }

    public static MultipartFormDataContent PhotoForm(string clientKey, byte[] bytes, string fileName = "billede.png", string text = "")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent
        {
            { file, "file", fileName },
            { new StringContent(clientKey), "clientKey" },
            { new StringContent(text), "text" },
        };
    }

    public static TheoryData<string> Each(IEnumerable<string> endpoints) => new(endpoints);
}
