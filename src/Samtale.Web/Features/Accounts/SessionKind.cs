namespace Samtale.Web.Features.Accounts;

public enum SessionKind
{
    Staff = 1,
    Citizen = 2,
}
