using System.Net.Mail;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samtale.Web.Data;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Notifications;

/// <summary>Each person chooses how they hear about new messages: Web Push on their devices, e-mail, or both.</summary>
[Authorize]
public sealed class NotificationsModel(AppDbContext db, CurrentUser me, Notifier notifier) : SamtalePage
{
    [BindProperty]
    public bool PushEnabled { get; set; }

    [BindProperty]
    public bool EmailEnabled { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    public bool EmailAvailable => notifier.EmailAvailable;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (me.TenantId is null)
        {
            return Forbid();
        }

        var settings = await db.NotificationSettings.AsNoTracking().SingleOrDefaultAsync(s => s.PersonId == me.Id, ct) ?? new NotificationSettings { PersonId = me.Id };
        (PushEnabled, EmailEnabled, Email) = (settings.PushEnabled, settings.EmailEnabled, settings.Email);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (me.TenantId is not { } tenant)
        {
            return Forbid();
        }

        var email = string.IsNullOrWhiteSpace(Email) ? null : Email.Trim();
        if (email is not null && (email.Length > 254 || !MailAddress.TryCreate(email, out _)))
        {
            return Fail("Notify.BadEmail", "Email");
        }

        if (EmailEnabled && email is null)
        {
            return Fail("Notify.EmailNeeded", "Email");
        }

        var settings = await db.NotificationSettings.SingleOrDefaultAsync(s => s.PersonId == me.Id, ct);
        if (settings is null)
        {
            settings = new NotificationSettings { PersonId = me.Id, TenantId = tenant };
            db.NotificationSettings.Add(settings);
        }

        settings.PushEnabled = PushEnabled;
        settings.EmailEnabled = EmailEnabled && EmailAvailable;
        settings.Email = email;
        await db.SaveChangesAsync(ct);
        NoticeKey = "Notify.Saved";
        return Page();
    }
}
