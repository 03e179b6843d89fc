namespace Samtale.Web.Data;

/// <summary>
/// Takes turns at SQLite's single write lock among the product's busy writers — the message committer, the
/// journal dispatcher and the session-activity flush — first come, first served. SQLite's own lock is not
/// fair: a waiting writer sleeps and looks again, and the dispatcher, writing unit after unit, took the lock
/// back every time before the committer looked, so live messages waited seconds. With the gate the committer
/// waits for at most the one short write ahead of it. On PostgreSQL writers lock rows, not the database, and
/// the gate lets everyone through at once.
/// </summary>
public sealed class WriteGate(bool exclusive) : IDisposable
{
    private readonly SemaphoreSlim _turn = new(1, 1);

    /// <summary>Waits for this writer's turn; dispose the result when the write has committed or failed.</summary>
    public async ValueTask<Turn> EnterAsync(CancellationToken ct)
    {
        if (!exclusive)
        {
            return default;
        }

        await _turn.WaitAsync(ct);
        return new Turn(_turn);
    }

    public void Dispose() => _turn.Dispose();

    public readonly struct Turn(SemaphoreSlim? turn) : IDisposable
    {
        public void Dispose() => turn?.Release();
    }
}
