using Microsoft.Extensions.DependencyInjection;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Citizens;
using Samtale.Web.Features.Links;
using Samtale.Web.Features.Tenancy;

namespace Samtale.BrowserTests.Infrastructure;

/// <summary>
/// Puts an organisation in place through the product's own services, for tests whose subject is what
/// the pages look like rather than how the organisation got there (the acceptance flow does that part
/// in the browser). Every rule the services apply still applies.
/// </summary>
public static class Seed
{
    public const string Password = "korrekt-hest-batteri";

    public const string GoodPin = "2719";

    public static Task<Municipality> MunicipalityAsync(this SamtaleApp app, string name) =>
        app.InScopeAsync(async sp => Succeeded(await sp.GetRequiredService<Organisation>().CreateMunicipalityAsync(name, default)));

    public static Task<Team> TeamAsync(this SamtaleApp app, Municipality municipality, string name) =>
        app.InScopeAsync(async sp => Succeeded(await sp.GetRequiredService<Organisation>().CreateTeamAsync(municipality.Id, name, default)));

    /// <summary>An account as an administrator creates it: it enrols its TOTP app at its first sign-in.</summary>
    public static Task<StaffAccount> AccountAsync(this SamtaleApp app, Municipality? municipality, string userName, string displayName, StaffRoles roles, params Team[] teams) =>
        app.InScopeAsync(async sp => Succeeded(await sp.GetRequiredService<Organisation>().CreateAccountAsync(
            municipality?.Id, userName, displayName, Password, roles, teams.Select(t => t.Id).ToList(), default)));

    /// <summary>Enrols the account's TOTP app now, so its next sign-in asks for a code instead of showing a QR code.</summary>
    public static Task EnrolTotpAsync(this SamtaleApp app, StaffAccount account, Authenticator authenticator) =>
        app.InScopeAsync(async sp =>
        {
            var key = Authenticator.NewKey();
            authenticator.Add(account.UserName, key);
            var enrolled = await sp.GetRequiredService<StaffSignIn>().EnrolTotpAsync(account.Id, key, authenticator.NextCode(account.UserName), default);
            Assert.NotNull(enrolled);
            return enrolled;
        });

    public static Task<Citizen> CitizenAsync(this SamtaleApp app, Municipality municipality, string displayName) =>
        app.InScopeAsync(async sp => Succeeded(await sp.GetRequiredService<Organisation>().CreateCitizenAsync(municipality.Id, displayName, default)));

    public static Task<CitizenLink> LinkAsync(this SamtaleApp app, Citizen citizen, StaffAccount? staff, Team? team, string caseReference) =>
        app.InScopeAsync(async sp =>
        {
            var (error, link) = await sp.GetRequiredService<LinkAdministration>()
                .LinkAsync(citizen.TenantId, citizen.Id, staff?.Id, team?.Id, caseReference, Guid.Empty, default);
            Assert.Equal(LinkError.None, error);
            return link!;
        });

    public static Task<string> EnrolmentCodeAsync(this SamtaleApp app, Citizen citizen) =>
        app.InScopeAsync(async sp => (await sp.GetRequiredService<Enrolment>().IssueAsync(citizen, Guid.Empty, default)).Code);

    /// <summary>A phone the citizen registered earlier, so the administrator's device list has a row.</summary>
    public static async Task DeviceAsync(this SamtaleApp app, Citizen citizen, string label)
    {
        var code = await app.EnrolmentCodeAsync(citizen);
        var (error, _) = await app.InScopeAsync(sp => sp.GetRequiredService<Enrolment>().RedeemAsync(code, GoodPin, GoodPin, label, default));
        Assert.Equal(RedeemError.None, error);
    }

    private static T Succeeded<T>((OrganisationError? Error, T? Value) result)
        where T : class
    {
        Assert.True(result.Error is null, $"The product refused: {result.Error}");
        return result.Value!;
    }
}
