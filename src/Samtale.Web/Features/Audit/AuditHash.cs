using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Samtale.Web.Features.Audit;

/// <summary>The hash that chains one audit row to the one before it.</summary>
public static class AuditHash
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string Compute(AuditEvent e, string previousHash)
    {
        // Times are written to the millisecond with an explicit Z, so the text is the same whichever
        // database stored the row and whatever DateTimeKind it comes back with.
        var canonical = string.Join('\u001f',
            previousHash,
            e.ChainId.ToString("N"),
            e.Sequence.ToString(CultureInfo.InvariantCulture),
            e.At.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            e.Action,
            e.Outcome,
            e.ActorKind,
            e.ActorId?.ToString("N") ?? "",
            e.TargetType ?? "",
            e.TargetId?.ToString("N") ?? "",
            e.Detail ?? "");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
