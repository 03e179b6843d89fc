using Microsoft.EntityFrameworkCore;
using Samtale.Web.Data;

namespace Samtale.Web.Features.Audit;

/// <summary>Gives new audit rows their place in the chain, inside the transaction that saves them.</summary>
internal static class AuditChain
{
    // One writer at a time per process; PostgreSQL additionally takes an advisory lock per chain so
    // several app nodes cannot fork a chain. SQLite serialises writers by itself.
    private static readonly SemaphoreSlim ProcessLock = new(1, 1);

    public static async Task<int> SealAndSaveAsync(AppDbContext db, List<AuditEvent> added, Func<Task<int>> save, CancellationToken ct)
    {
        await ProcessLock.WaitAsync(ct);
        try
        {
            var ownTransaction = db.Database.CurrentTransaction is null;
            await using var tx = ownTransaction ? await db.Database.BeginTransactionAsync(ct) : null;

            foreach (var chain in added.GroupBy(e => e.ChainId))
            {
                if (db.Database.IsNpgsql())
                {
                    var key = BitConverter.ToInt64(chain.Key.ToByteArray(), 0);
                    await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({key})", ct);
                }

                var head = await db.AuditChainHeads.SingleOrDefaultAsync(h => h.ChainId == chain.Key, ct);
                if (head is null)
                {
                    head = new AuditChainHead { ChainId = chain.Key, Sequence = 0, Hash = AuditHash.Genesis };
                    db.AuditChainHeads.Add(head);
                }

                foreach (var e in chain.OrderBy(e => e.At))
                {
                    e.Sequence = head.Sequence + 1;
                    e.PreviousHash = head.Hash;
                    e.Hash = AuditHash.Compute(e, e.PreviousHash);
                    head.Sequence = e.Sequence;
                    head.Hash = e.Hash;
                }
            }

            var written = await save();
            if (tx is not null)
            {
                await tx.CommitAsync(ct);
            }

            return written;
        }
        finally
        {
            ProcessLock.Release();
        }
    }
}
