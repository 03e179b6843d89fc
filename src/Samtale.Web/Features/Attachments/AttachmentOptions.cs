using System.ComponentModel.DataAnnotations;

namespace Samtale.Web.Features.Attachments;

public sealed class AttachmentOptions
{
    public const string Section = "Attachments";

    /// <summary>Largest file accepted, in megabytes.</summary>
    [Range(1, 100)]
    public int MaxMegabytes { get; set; } = 20;

    public long MaxBytes => MaxMegabytes * 1024L * 1024L;
}
