using Microsoft.EntityFrameworkCore;
using Samtale.Web.Data;

namespace Samtale.Web.Features.Audit;

public sealed record AuditVerdict(bool Intact, long RowsChecked, long? BrokenAtSequence, string? Reason);

/// <summary>Recomputes a chain from its first row and says where, if anywhere, it was altered or cut.</summary>
public sealed class AuditVerifier(AppDbContext db)
{
    public async Task<AuditVerdict> VerifyAsync(Guid chainId, CancellationToken ct)
    {
        var previous = AuditHash.Genesis;
        long expected = 1;
        await foreach (var row in db.AuditEvents.AsNoTracking().Where(e => e.ChainId == chainId).OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (row.Sequence != expected)
            {
                return new AuditVerdict(false, expected - 1, expected, "missing");
            }

            if (row.PreviousHash != previous || AuditHash.Compute(row, previous) != row.Hash)
            {
                return new AuditVerdict(false, expected - 1, row.Sequence, "altered");
            }

            previous = row.Hash;
            expected++;
        }

        var head = await db.AuditChainHeads.AsNoTracking().SingleOrDefaultAsync(h => h.ChainId == chainId, ct);
        var last = expected - 1;
        if (head is not null && (head.Sequence != last || head.Hash != previous))
        {
            return new AuditVerdict(false, last, last + 1, "missing");
        }

        return new AuditVerdict(true, last, null, null);
    }
}
