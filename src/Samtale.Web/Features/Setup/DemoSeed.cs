using System.Text;
using Microsoft.EntityFrameworkCore;
using Samtale.Web.Data;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Citizens;
using Samtale.Web.Features.Links;
using Samtale.Web.Features.Tenancy;

namespace Samtale.Web.Features.Setup;

/// <summary>
/// With Demo:Seed=true, creates "Demokommune" with a team, an administrator, two staff members and three
/// citizens, and prints how to sign in as each. Never use it on an installation with real citizens.
/// </summary>
public sealed class DemoSeed(AppDbContext db, Organisation organisation, LinkAdministration links, Enrolment enrolment, Totp totp, ILogger<DemoSeed> log)
{
    public const string MunicipalityName = "Demokommune";
    public const string Password = "samtale-demo-2026";

    public async Task SeedAsync(string baseUrl, CancellationToken ct)
    {
        if (await db.Municipalities.AnyAsync(m => m.Name == MunicipalityName, ct))
        {
            log.LogInformation("Demo municipality already exists; not seeding again");
            return;
        }

        var (_, town) = await organisation.CreateMunicipalityAsync(MunicipalityName, ct);
        var (_, team) = await organisation.CreateTeamAsync(town!.Id, "Familieafdelingen", ct);
        var report = new StringBuilder();
        report.AppendLine($"Demo data for {MunicipalityName} at {baseUrl}");
        report.AppendLine($"Staff sign in at {baseUrl}/Accounts/SignIn with password '{Password}' and a TOTP code from the key shown");
        report.AppendLine("(add the key to an authenticator app, or run: oathtool --totp -b KEY).");

        var staff = new List<StaffAccount>();
        foreach (var (user, name, roles) in new[]
        {
            ("demo.admin", "Dorte Admin", StaffRoles.MunicipalityAdmin),
            ("anna", "Anna Rådgiver", StaffRoles.Staff),
            ("bo", "Bo Teamleder", StaffRoles.Staff | StaffRoles.TeamLead),
        })
        {
            var (_, account) = await organisation.CreateAccountAsync(town.Id, user, name, Password, roles, roles.HasFlag(StaffRoles.Staff) ? [team!.Id] : [], ct);
            var key = Totp.NewKey();
            account!.ProtectedTotpKey = totp.Protect(key);
            await db.SaveChangesAsync(ct);
            staff.Add(account);
            report.AppendLine($"  {user,-12} {roles,-28} TOTP key {key}");
        }

        report.AppendLine($"Citizens activate at {baseUrl}/Citizens/Enrol with the code shown, then choose a PIN:");
        var cases = new[] { ("Liva", "SAG-2026-0101"), ("Mikkel", "SAG-2026-0102"), ("Sofie", "SAG-2026-0103") };
        for (var i = 0; i < cases.Length; i++)
        {
            var (name, caseRef) = cases[i];
            var (_, citizen) = await organisation.CreateCitizenAsync(town.Id, name, ct);

            // One citizen each way: to Anna directly, to the whole team, and to Bo directly.
            _ = i switch
            {
                0 => await links.LinkAsync(town.Id, citizen!.Id, staff[1].Id, null, caseRef, staff[0].Id, ct),
                1 => await links.LinkAsync(town.Id, citizen!.Id, null, team!.Id, caseRef, staff[0].Id, ct),
                _ => await links.LinkAsync(town.Id, citizen!.Id, staff[2].Id, null, caseRef, staff[0].Id, ct),
            };
            var code = await enrolment.IssueAsync(citizen, staff[0].Id, ct);
            report.AppendLine($"  {name,-12} code {code.Code}");
        }

        // Demo credentials are made up for this purpose; printing them for the person at the console
        // is the point of the switch. They go to stdout as plain lines, not into the structured log.
        log.LogWarning("Demo municipality seeded; sign-in details are printed on the console");
        await Console.Out.WriteAsync(report.ToString());
        await Console.Out.FlushAsync(ct);
    }
}
