using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Samtale.Web.Data;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Tenancy;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Admin;

public sealed record MunicipalityRow(Guid Id, string Name, DateTime CreatedAt, int Admins);

/// <summary>The system administrator adds municipalities and their first administrators, and IT operations accounts.</summary>
[Authorize(Policy = Policies.SystemAdmin)]
public sealed class MunicipalitiesModel(AppDbContext db, Organisation organisation, Encryption.ContentCipher cipher, Audit.AuditTrail audit) : SamtalePage
{
    public List<MunicipalityRow> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(string? name, CancellationToken ct)
    {
        var (error, _) = await organisation.CreateMunicipalityAsync(name, ct);
        return await DoneAsync(error, "Admin.MunicipalityCreated", ct);
    }

    public async Task<IActionResult> OnPostCreateAdminAsync(string? tenantId, string? userName, string? displayName, string? password, CancellationToken ct)
    {
        OrganisationError? error;
        if (tenantId == "installation")
        {
            (error, _) = await organisation.CreateAccountAsync(null, userName, displayName, password, StaffRoles.ItOperations, [], ct);
        }
        else if (Guid.TryParse(tenantId, out var tenant) && await db.Municipalities.AnyAsync(m => m.Id == tenant, ct))
        {
            (error, _) = await organisation.CreateAccountAsync(tenant, userName, displayName, password, StaffRoles.MunicipalityAdmin, [], ct);
        }
        else
        {
            error = new OrganisationError("TenantId", "Error.UnknownMunicipality");
        }

        return await DoneAsync(error, "Admin.AccountCreated", ct);
    }

    /// <summary>
    /// Starts a new data key for the municipality while everything keeps running: new content is sealed
    /// with it, older content keeps the key it was sealed with and stays readable.
    /// </summary>
    public async Task<IActionResult> OnPostRotateKeyAsync(Guid tenantId, CancellationToken ct)
    {
        if (!await db.Municipalities.AnyAsync(m => m.Id == tenantId, ct))
        {
            await LoadAsync(ct);
            return Missing();
        }

        var keyId = await cipher.RotateAsync(tenantId, ct);
        audit.Record("encryption.data-key.rotate", tenantId, "TenantDataKey", keyId);
        audit.Record("encryption.data-key.rotate", null, "TenantDataKey", keyId);
        await db.SaveChangesAsync(ct);
        return await DoneAsync(null, "Admin.KeyRotated", ct);
    }

    private async Task<IActionResult> DoneAsync(OrganisationError? error, string noticeKey, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (error is not null)
        {
            return Fail(error.MessageKey, error.Field);
        }

        NoticeKey = noticeKey;
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var rows = await db.Municipalities.OrderBy(m => m.Name)
            .Select(m => new { m.Id, m.Name, m.CreatedAt, Admins = db.StaffAccounts.Count(a => a.TenantId == m.Id && a.DisabledAt == null && (a.Roles & StaffRoles.MunicipalityAdmin) != 0) })
            .ToListAsync(ct);
        Rows = rows.Select(r => new MunicipalityRow(r.Id, r.Name, r.CreatedAt, r.Admins)).ToList();
    }
}
