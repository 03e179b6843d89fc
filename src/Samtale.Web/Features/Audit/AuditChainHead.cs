namespace Samtale.Web.Features.Audit;

/// <summary>
/// The newest row of each chain, updated in the same transaction as the row. Without it, deleting the
/// last rows of a chain would leave a chain that still verifies.
/// </summary>
public sealed class AuditChainHead
{
    public Guid ChainId { get; init; }

    public long Sequence { get; set; }

    public string Hash { get; set; } = "";
}
