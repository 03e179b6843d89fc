using System.Text.Json;

namespace Samtale.Bench;

/// <summary>
/// The driver and the host talk over the host's standard input and output, one JSON object a line.
/// Replies start with <see cref="ReplyPrefix"/> so a stray line from a library is never taken for one.
/// </summary>
internal static class Protocol
{
    public const string ReplyPrefix = "@@ ";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}

internal sealed record HostCommand(string Command, int Count = 0, long Total = 0);

internal sealed record HostReady(string Address, int ProcessId);

/// <summary>A citizen and a staff member linked to each other, each with a live session cookie.</summary>
internal sealed record PairSeed(Guid CitizenId, Guid StaffId, string CitizenCookie, string StaffCookie);

internal sealed record PairsReply(List<PairSeed> Pairs, double Seconds);

internal sealed record ConversationRange(Guid ConversationId, long MinId, long MaxId, int Count);

internal sealed record HistoryReply(List<ConversationRange> Conversations, long Inserted, long TotalRows, double Seconds, int MeanBodyBytes);

/// <summary>What the host process holds. Memory is read right after the command (after a full GC for "gc").</summary>
internal sealed record HostStats(
    long WorkingSetBytes,
    long PrivateBytes,
    long GcHeapBytes,
    long GcCommittedBytes,
    double CpuMs,
    int LiveConnections,
    int ThreadPoolThreads,
    long MessageRows,
    Dictionary<string, ProfileEntry>? Db,
    Dictionary<string, ProfileEntry> Hub);

/// <summary>The drain of the journal backlog. LiveJobs: jobs of messages sent live (not part of the backlog) that exist when it ends.</summary>
internal sealed record JournalReply(long Messages, int Units, double SeedSeconds, double DropSeconds, double DrainSeconds, long PdfBytes, double CpuMs, int Passes, int LiveJobs = 0);

/// <summary>The backlog left in the outbox: messages with ids up to MaxMessageId, all in one municipality.</summary>
internal sealed record JournalSeedReply(long Messages, Guid TenantId, long MaxMessageId, double SeedSeconds);
