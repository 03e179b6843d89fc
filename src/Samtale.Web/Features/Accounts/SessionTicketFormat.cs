using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Accounts;

/// <summary>
/// Writes only the session id into the sign-in cookie. Everything else about the person (name, roles,
/// municipality) is read from the session's row on every request anyway (<see cref="SessionStore.ValidateAsync"/>),
/// so carrying it in the cookie only made every request ≈ 1 KB larger — on a citizen's weak mobile
/// connection — and every open WebSocket hold a copy of it.
/// </summary>
public sealed class SessionTicketFormat(ISecureDataFormat<AuthenticationTicket> inner) : ISecureDataFormat<AuthenticationTicket>
{
    public string Protect(AuthenticationTicket data) => Protect(data, null);

    public string Protect(AuthenticationTicket data, string? purpose)
    {
        var identity = new ClaimsIdentity(data.Principal.Claims.Where(c => c.Type == SamtaleClaims.Session), data.AuthenticationScheme, SamtaleClaims.Name, SamtaleClaims.Role);
        return inner.Protect(new AuthenticationTicket(new ClaimsPrincipal(identity), data.Properties, data.AuthenticationScheme), purpose);
    }

    public AuthenticationTicket? Unprotect(string? protectedText) => inner.Unprotect(protectedText);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose) => inner.Unprotect(protectedText, purpose);

    /// <summary>Wraps the cookie handler's own format once it has been configured.</summary>
    internal sealed class Setup : IPostConfigureOptions<CookieAuthenticationOptions>
    {
        public void PostConfigure(string? name, CookieAuthenticationOptions options)
        {
            if (name == AuthSetup.Scheme && options.TicketDataFormat is not SessionTicketFormat)
            {
                options.TicketDataFormat = new SessionTicketFormat(options.TicketDataFormat);
            }
        }
    }
}
