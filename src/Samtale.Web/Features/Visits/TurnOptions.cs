using System.ComponentModel.DataAnnotations;

namespace Samtale.Web.Features.Visits;

/// <summary>
/// The TURN relay (coturn with <c>--use-auth-secret</c>) that calls may use when a direct path is blocked.
/// No URLs means no relay: calls then work only where a direct path exists.
/// </summary>
public sealed class TurnOptions : IValidatableObject
{
    public const string Section = "Turn";

    /// <summary>turn:/turns:/stun: URLs handed to the browsers, e.g. "turn:turn.kommune.dk:3478?transport=udp".</summary>
    public string[] Urls { get; set; } = [];

    /// <summary>coturn's static-auth-secret. From the environment or a mounted file, never appsettings.json.</summary>
    public string? Secret { get; set; }

    /// <summary>How long a minted credential lasts; a call longer than this keeps its allocation.</summary>
    [Range(60, 86_400)]
    public int TtlSeconds { get; set; } = 3600;

    /// <summary>
    /// Force every call through the relay. Neither party then learns the other's IP address, which hides a
    /// citizen's location from staff; it costs relay bandwidth.
    /// </summary>
    public bool RelayOnly { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Urls.Any(u => !u.StartsWith("turn:", StringComparison.Ordinal) && !u.StartsWith("turns:", StringComparison.Ordinal) && !u.StartsWith("stun:", StringComparison.Ordinal)))
        {
            yield return new ValidationResult("Turn:Urls must be turn:, turns: or stun: URLs.", [nameof(Urls)]);
        }

        if (Urls.Any(u => !u.StartsWith("stun:", StringComparison.Ordinal)) && Secret is not { Length: >= 16 })
        {
            yield return new ValidationResult("Turn:Secret must be at least 16 characters when TURN URLs are set.", [nameof(Secret)]);
        }

        if (RelayOnly && !Urls.Any(u => u.StartsWith("turn", StringComparison.Ordinal)))
        {
            yield return new ValidationResult("Turn:RelayOnly needs at least one turn: or turns: URL.", [nameof(RelayOnly)]);
        }
    }
}
