using System.ComponentModel.DataAnnotations;

namespace Samtale.Web.Features.Accounts;

public sealed class AccountOptions
{
    public const string Section = "Accounts";

    /// <summary>Absolute lifetime of a staff session. Municipalities may shorten it; 24 hours is the ceiling.</summary>
    [Range(1, 24)]
    public int StaffSessionHours { get; set; } = 24;

    [Range(1, 30)]
    public int CitizenIdleDays { get; set; } = 30;

    [Range(3, 20)]
    public int LockoutThreshold { get; set; } = 5;

    [Range(1, 1440)]
    public int LockoutMinutes { get; set; } = 15;

    [Range(1, 24 * 14)]
    public int EnrolmentCodeHours { get; set; } = 72;

    [Range(3, 10)]
    public int PinTries { get; set; } = 5;
}
