namespace Samtale.Web.Features.Citizens;

/// <summary>What makes a 4-digit PIN acceptable. A PIN guards a phone that may be lost, so the guessable ones are refused.</summary>
public static class PinRules
{
    // The most common 4-digit PINs in published leak analyses, beyond the patterns checked below.
    private static readonly HashSet<string> Common =
    [
        "1212", "1004", "2000", "6969", "1122", "1313", "4321", "2001", "1010", "2580",
        "0852", "1998", "1999", "2020", "2021", "2022", "2023", "2024", "2025", "2026",
        "1221", "2112", "0101", "1001", "5683", "0007", "7777", "1369", "9999", "4444",
    ];

    public static bool IsWellFormed(string? pin) => pin is { Length: 4 } && pin.All(char.IsAsciiDigit);

    public static bool IsTrivial(string pin)
    {
        if (pin.Distinct().Count() == 1)
        {
            return true;
        }

        var steps = Enumerable.Range(1, 3).Select(i => pin[i] - pin[i - 1]).Distinct().ToList();
        if (steps.Count == 1 && Math.Abs(steps[0]) == 1)
        {
            return true;
        }

        // Two repeated pairs, like 1212 or 4545.
        if (pin[0] == pin[2] && pin[1] == pin[3])
        {
            return true;
        }

        return Common.Contains(pin);
    }
}
