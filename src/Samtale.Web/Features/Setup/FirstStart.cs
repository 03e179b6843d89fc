using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Samtale.Web.Data;
using Samtale.Web.Features.Accounts;

namespace Samtale.Web.Features.Setup;

/// <summary>
/// While the installation has no system administrator, holds a one-time setup token and prints the link
/// that uses it. The token lives only in memory: a restart prints a new one, and the first use spends it.
/// </summary>
public sealed class FirstStart(ILogger<FirstStart> log)
{
    private readonly Lock _gate = new();
    private string? _token;

    public bool IsOpen
    {
        get
        {
            lock (_gate)
            {
                return _token is not null;
            }
        }
    }

    public async Task OpenIfNeededAsync(IServiceProvider services, string baseUrl, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var hasAdmin = await db.StaffAccounts.IgnoreQueryFilters()
            .AnyAsync(a => (a.Roles & StaffRoles.SystemAdmin) == StaffRoles.SystemAdmin && a.DisabledAt == null, ct);
        if (hasAdmin)
        {
            return;
        }

        var token = RandomNumberGenerator.GetHexString(32, lowercase: true);
        lock (_gate)
        {
            _token = token;
        }

        // The link is the one secret an operator must see, so it goes to the console on purpose.
        log.LogWarning("No system administrator yet. Create one here (the link works once): {SetupUrl}", $"{baseUrl.TrimEnd('/')}/Setup?token={token}");
    }

    public bool Matches(string? token)
    {
        lock (_gate)
        {
            return _token is not null && token is not null
                && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(_token), System.Text.Encoding.UTF8.GetBytes(token));
        }
    }

    /// <summary>Spends the token; only the first caller gets true.</summary>
    public bool TryClose(string? token)
    {
        lock (_gate)
        {
            if (!Matches(token))
            {
                return false;
            }

            _token = null;
            return true;
        }
    }

    /// <summary>Puts a spent token back when creating the administrator failed, so the link still works.</summary>
    public void Reopen(string token)
    {
        lock (_gate)
        {
            _token ??= token;
        }
    }

    /// <summary>The current token, for tests that drive the setup page.</summary>
    internal string? PeekToken()
    {
        lock (_gate)
        {
            return _token;
        }
    }
}
