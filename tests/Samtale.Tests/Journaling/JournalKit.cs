using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samtale.Tests.Infrastructure;
using Samtale.Web.Features.Journaling;
using UglyToad.PdfPig;

namespace Samtale.Tests.Journaling;

/// <summary>Setting a municipality's sink, driving the dispatcher, and reading what the sink got.</summary>
public static class JournalKit
{
    public const string HmacSecret = "delt-hemmelighed-til-integrationsplatformen";

    public static JournalDispatcher Dispatcher(ProductApp app) => app.Services.GetRequiredService<JournalDispatcher>();

    public static Task<JournalRun> RunAsync(ProductApp app) => Dispatcher(app).RunOnceAsync();

    public static Task UseFolderAsync(ProductApp app, Guid tenantId, string folder, int purgeAfterDays = 0) =>
        SaveAsync(app, new JournalSettings { TenantId = tenantId, Sink = JournalSinkKind.Folder, FolderPath = folder, PurgeAfterDays = purgeAfterDays });

    public static Task UseHttpAsync(ProductApp app, Guid tenantId, Uri url, int purgeAfterDays = 0)
    {
        var secret = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(HttpSink.SecretPurpose).Protect(HmacSecret);
        return SaveAsync(app, new JournalSettings { TenantId = tenantId, Sink = JournalSinkKind.Http, HttpUrl = url.ToString(), ProtectedHttpSecret = secret, PurgeAfterDays = purgeAfterDays });
    }

    public static Task UseEmailAsync(ProductApp app, Guid tenantId, string mailbox) =>
        SaveAsync(app, new JournalSettings { TenantId = tenantId, Sink = JournalSinkKind.Email, EmailTo = mailbox });

    public static Task<List<JournalUnit>> UnitsAsync(ProductApp app) =>
        app.DbAsync(db => db.Set<JournalUnit>().AsNoTracking().OrderBy(u => u.CreatedAt).ToListAsync());

    public static Task<List<JournalJob>> JobsAsync(ProductApp app) =>
        app.DbAsync(db => db.Set<JournalJob>().AsNoTracking().OrderBy(j => j.MessageId).ToListAsync());

    /// <summary>All text of a PDF, as PdfPig reads it back, with the page breaks and line ends as spaces.</summary>
    public static string PdfText(byte[] pdf)
    {
        using var doc = PdfDocument.Open(pdf);
        return string.Join(" ", doc.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static Task<int> SaveAsync(ProductApp app, JournalSettings settings) =>
        app.DbAsync(async db =>
        {
            db.Add(settings);
            return await db.SaveChangesAsync();
        });
}
