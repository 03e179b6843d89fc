using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samtale.Web.Data;
using Samtale.Web.Features.Messaging;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Staff;

/// <summary>The staff member's own absence notice (autosvar): a period and a short text.</summary>
public sealed class AbsenceModel(AppDbContext db, CurrentUser me, TimeProvider clock, AbsenceCalendar calendar) : SamtalePage
{
    [BindProperty]
    public DateOnly? From { get; set; }

    [BindProperty]
    public DateOnly? To { get; set; }

    [BindProperty]
    public string? Text { get; set; }

    public bool Exists { get; private set; }

    public bool Active { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var notice = await db.AbsenceNotices.AsNoTracking().SingleOrDefaultAsync(a => a.StaffAccountId == me.Id, ct);
        if (notice is not null)
        {
            Exists = true;
            From = Display.LocalDay(notice.From);
            To = Display.LocalDay(notice.To).AddDays(-1);
            Text = notice.Text;
            var now = clock.GetUtcNow().UtcDateTime;
            Active = notice.From <= now && now < notice.To;
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var text = (Text ?? "").Trim();
        if (From is not { } from)
        {
            return Fail("Absence.BadFrom", "From");
        }

        if (To is not { } to || to < from)
        {
            return Fail("Absence.BadTo", "To");
        }

        if (text.Length == 0 || text.Length > AutoReply.MaxLength)
        {
            return Fail("Absence.BadText", "Text");
        }

        var notice = await db.AbsenceNotices.SingleOrDefaultAsync(a => a.StaffAccountId == me.Id, ct);
        if (notice is null)
        {
            notice = new AbsenceNotice { TenantId = me.RequireTenant(), StaffAccountId = me.Id, Text = text };
            db.AbsenceNotices.Add(notice);
        }

        notice.From = Display.StartOfLocalDay(from);
        notice.To = Display.StartOfLocalDay(to.AddDays(1));
        notice.Text = text;
        notice.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        calendar.Changed();
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostClearAsync(CancellationToken ct)
    {
        await db.AbsenceNotices.Where(a => a.StaffAccountId == me.Id).ExecuteDeleteAsync(ct);
        calendar.Changed();
        return RedirectToPage();
    }
}
