namespace Samtale.Web.Features.Accounts;

public enum SessionKind
{
    Staff = 1,
    Citizen = 2,

    /// <summary>A guest on one planned visit, bound to the device that first opened their guest link.</summary>
    Guest = 3,
}
