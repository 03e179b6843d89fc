using System.ComponentModel.DataAnnotations;

namespace Samtale.Web.Features.Journaling;

public sealed class JournalOptions
{
    public const string Section = "Journal";

    /// <summary>
    /// The folders (and their subfolders) a municipality administrator may choose as drop folder. Set by
    /// IT operations; empty means the folder sink is not offered. Without this list an administrator
    /// could make the server write case documents anywhere it can write, including another
    /// municipality's drop folder.
    /// </summary>
    public List<string> FolderRoots { get; set; } = [];

    /// <summary>True when the folder lies inside one of <see cref="FolderRoots"/>.</summary>
    public bool FolderAllowed(string? folder)
    {
        if (string.IsNullOrWhiteSpace(folder) || !Path.IsPathRooted(folder))
        {
            return false;
        }

        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar;
        return FolderRoots.Any(root => full.StartsWith(Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar, StringComparison.Ordinal));
    }

    /// <summary>Off only in tests that drive the dispatcher by hand.</summary>
    public bool RunInBackground { get; set; } = true;

    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a message waits for its neighbours before it is grouped into a unit.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan GatherDelay { get; set; } = TimeSpan.Zero;

    /// <summary>A node that takes a unit owns it this long; a node that dies mid-delivery loses it after this.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan FirstRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Content not confirmed by its sink this long after it was written raises an operator alert.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan AlertUnconfirmedAfter { get; set; } = TimeSpan.FromHours(24);

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan HttpTimeout { get; set; } = TimeSpan.FromSeconds(30);

    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 200;

    /// <summary>The back-off after the given number of failed attempts: doubling from the first, capped.</summary>
    public TimeSpan RetryAfter(int attempts)
    {
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(FirstRetryAfter.Ticks * factor, MaxRetryAfter.Ticks));
        return delay;
    }
}
