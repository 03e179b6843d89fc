using System.Net.Mail;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Samtale.Web.Data;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Journaling;

/// <summary>
/// The municipality administrator chooses where the municipality's journal goes. The HMAC key is write-only:
/// the page says that one is stored, never what it is.
/// </summary>
[Authorize(Policy = Policies.MunicipalityAdmin)]
public sealed class SettingsModel(AppDbContext db, CurrentUser me, IDataProtectionProvider protection, Audit.AuditTrail audit, IOptions<JournalOptions> options) : SamtalePage
{
    public JournalSinkKind Sink { get; set; }

    public string? FolderPath { get; set; }

    public string? HttpUrl { get; set; }

    public bool HasHttpSecret { get; private set; }

    public string? EmailTo { get; set; }

    public int PurgeAfterDays { get; set; }

    public string MetadataProfile { get; set; } = "Oio";

    public async Task OnGetAsync(CancellationToken ct) => Show(await CurrentAsync(ct));

    public async Task<IActionResult> OnPostAsync(JournalSinkKind sink, string? folderPath, string? httpUrl, string? httpSecret, string? emailTo, int purgeAfterDays, string? metadataProfile, CancellationToken ct)
    {
        var row = await CurrentAsync(ct);
        (Sink, FolderPath, HttpUrl, EmailTo, PurgeAfterDays, MetadataProfile) = (sink, folderPath?.Trim(), httpUrl?.Trim(), emailTo?.Trim(), purgeAfterDays, metadataProfile == "Noark5" ? "Noark5" : "Oio");
        HasHttpSecret = row?.ProtectedHttpSecret is not null;
        var error = sink switch
        {
            _ when !Enum.IsDefined(sink) => ("Sink", "Error.Invalid"),
            JournalSinkKind.Folder when !options.Value.FolderAllowed(FolderPath) || !Directory.Exists(FolderPath) => ("FolderPath", "Journal.Error.FolderPath"),
            JournalSinkKind.Http when !Uri.TryCreate(HttpUrl, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps && !url.IsLoopback => ("HttpUrl", "Journal.Error.HttpUrl"),
            JournalSinkKind.Http when (httpSecret is { Length: > 0 } && httpSecret.Length < 32) || (string.IsNullOrEmpty(httpSecret) && !HasHttpSecret) => ("HttpSecret", "Journal.Error.HttpSecret"),
            JournalSinkKind.Email when !MailAddress.TryCreate(EmailTo, out _) => ("EmailTo", "Journal.Error.EmailTo"),
            _ when purgeAfterDays is < 0 or > 365 => ("PurgeAfterDays", "Journal.Error.PurgeAfterDays"),
            _ => ((string, string)?)null,
        };
        if (error is { } e)
        {
            return Fail(e.Item2, e.Item1);
        }

        if (row is null)
        {
            row = new JournalSettings { TenantId = me.RequireTenant() };
            db.Add(row);
        }

        row.Sink = sink;
        row.FolderPath = FolderPath;
        row.HttpUrl = HttpUrl;
        row.EmailTo = EmailTo;
        row.PurgeAfterDays = purgeAfterDays;
        row.MetadataProfile = MetadataProfile;
        if (httpSecret is { Length: > 0 })
        {
            row.ProtectedHttpSecret = protection.CreateProtector(HttpSink.SecretPurpose).Protect(httpSecret);
        }

        // Where the municipality's case documents go is an administrative act; the detail names the kind of sink only.
        audit.Record("journal.settings.change", row.TenantId, "JournalSettings", row.TenantId, $"sink={sink};purgeAfterDays={purgeAfterDays}");
        await db.SaveChangesAsync(ct);
        Show(row);
        NoticeKey = "Journal.Settings.Saved";
        return Page();
    }

    private Task<JournalSettings?> CurrentAsync(CancellationToken ct)
    {
        var tenant = me.RequireTenant();
        return db.Set<JournalSettings>().SingleOrDefaultAsync(s => s.TenantId == tenant, ct);
    }

    private void Show(JournalSettings? row)
    {
        if (row is null)
        {
            return;
        }

        (Sink, FolderPath, HttpUrl, EmailTo, PurgeAfterDays, MetadataProfile, HasHttpSecret) =
            (row.Sink, row.FolderPath, row.HttpUrl, row.EmailTo, row.PurgeAfterDays, row.MetadataProfile, row.ProtectedHttpSecret is not null);
    }
}
