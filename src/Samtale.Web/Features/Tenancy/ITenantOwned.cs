namespace Samtale.Web.Features.Tenancy;

/// <summary>
/// Rows that belong to one municipality. The DbContext filters every query on these by the
/// signed-in user's tenant, so a forgotten Where clause cannot leak another tenant's data.
/// </summary>
public interface ITenantOwned
{
    Guid TenantId { get; }
}
