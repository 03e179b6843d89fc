using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Citizens;
using Samtale.Web.Features.Links;
using Samtale.Web.Features.Tenancy;

namespace Samtale.Tests.Infrastructure;

/// <summary>
/// Two municipalities with one of everyone, each signed in: enough to ask "who may do what to whom".
/// Nordby has Anna (family team, linked to citizen Liva), Bo (youth team lead, not linked to Liva), an
/// administrator and an auditor; Sydby has its own administrator and staff member and citizen Mikkel.
/// </summary>
public sealed class TwoMunicipalities
{
    private TwoMunicipalities(ProductApp app) => App = app;

    public ProductApp App { get; }

    public Municipality Nordby { get; private set; } = null!;

    public Municipality Sydby { get; private set; } = null!;

    public Team FamilyTeam { get; private set; } = null!;

    public Team YouthTeam { get; private set; } = null!;

    public StaffAccount NordbyAdmin { get; private set; } = null!;

    public StaffAccount Anna { get; private set; } = null!;

    public StaffAccount Bo { get; private set; } = null!;

    public StaffAccount NordbyAuditor { get; private set; } = null!;

    public StaffAccount SydbyAdmin { get; private set; } = null!;

    public StaffAccount Sigrid { get; private set; } = null!;

    public StaffAccount SystemAdmin { get; private set; } = null!;

    public Citizen Liva { get; private set; } = null!;

    public Citizen Mikkel { get; private set; } = null!;

    public CitizenLink LivaWithAnna { get; private set; } = null!;

    /// <summary>Noah: a second Nordby citizen, linked to Bo, for "the wrong citizen".</summary>
    public Citizen Noah { get; private set; } = null!;

    /// <summary>The conversation between Liva and Anna.</summary>
    public Guid LivaConversationId { get; private set; }

    /// <summary>A photo Liva sent Anna.</summary>
    public Guid LivaPhotoId { get; private set; }

    public Guid LivaDeviceId { get; private set; }

    /// <summary>Signed-in browsers, by the names used in the authorisation tables.</summary>
    public IReadOnlyDictionary<string, HttpClient> Clients { get; private set; } = null!;

    public static async Task<TwoMunicipalities> CreateAsync(ProductApp app)
    {
        var w = new TwoMunicipalities(app);
        w.Nordby = await app.CreateMunicipalityAsync("Nordby Kommune");
        w.Sydby = await app.CreateMunicipalityAsync("Sydby Kommune");
        w.FamilyTeam = await app.CreateTeamAsync(w.Nordby, "Familieteamet");
        w.YouthTeam = await app.CreateTeamAsync(w.Nordby, "Ungeteamet");
        w.NordbyAdmin = await app.CreateStaffAsync(w.Nordby, "nordby.admin", StaffRoles.MunicipalityAdmin);
        w.Anna = await app.CreateStaffAsync(w.Nordby, "anna", StaffRoles.Staff, w.FamilyTeam);
        w.Bo = await app.CreateStaffAsync(w.Nordby, "bo", StaffRoles.Staff | StaffRoles.TeamLead, w.YouthTeam);
        w.NordbyAuditor = await app.CreateStaffAsync(w.Nordby, "nordby.revisor", StaffRoles.Auditor);
        w.SydbyAdmin = await app.CreateStaffAsync(w.Sydby, "sydby.admin", StaffRoles.MunicipalityAdmin);
        w.Sigrid = await app.CreateStaffAsync(w.Sydby, "sigrid", StaffRoles.Staff);
        w.SystemAdmin = await app.CreateStaffAsync(null, "drift", StaffRoles.SystemAdmin);
        w.Liva = await app.CreateCitizenAsync(w.Nordby, "Liva Citizen");
        w.Mikkel = await app.CreateCitizenAsync(w.Sydby, "Mikkel Citizen");
        w.LivaWithAnna = await app.LinkAsync(w.Liva, staff: w.Anna);
        w.Noah = await app.CreateCitizenAsync(w.Nordby, "Noah Citizen");
        await app.LinkAsync(w.Noah, staff: w.Bo);
        var (liva, livaDevice) = await app.SignInCitizenAsync(w.Liva);
        var (noah, _) = await app.SignInCitizenAsync(w.Noah);
        w.LivaDeviceId = livaDevice;
        var inbox = await HttpAssert.JsonAsync<List<Samtale.Web.Features.Messaging.InboxEntry>>(await liva.GetAsync("/api/conversations"));
        w.LivaConversationId = inbox.Single().ConversationId;
        var photo = await HttpAssert.JsonAsync<Samtale.Web.Features.Messaging.MessageView>(
            await liva.PostAsync($"/api/conversations/{w.LivaConversationId}/attachments", Samtale.Tests.Api.ApiEndpoints.PhotoForm("liva-photo", Samtale.Tests.Api.ApiEndpoints.TinyPng)));
        w.LivaPhotoId = photo.Attachments.Single().Id;
        w.Clients = new Dictionary<string, HttpClient>
        {
            ["anonymous"] = app.Anonymous(),
            ["citizen"] = liva,
            ["other-citizen"] = noah,
            ["staff"] = await app.SignInStaffAsync("anna"),
            ["team-lead"] = await app.SignInStaffAsync("bo"),
            ["municipality-admin"] = await app.SignInStaffAsync("nordby.admin"),
            ["auditor"] = await app.SignInStaffAsync("nordby.revisor"),
            ["other-municipality-admin"] = await app.SignInStaffAsync("sydby.admin"),
            ["other-municipality-staff"] = await app.SignInStaffAsync("sigrid"),
            ["system-admin"] = await app.SignInStaffAsync("drift"),
        };
        return w;
    }

    /// <summary>The display names in this world, which must never show up where only ids belong.</summary>
    public IEnumerable<string> DisplayNames =>
        new[] { NordbyAdmin, Anna, Bo, NordbyAuditor, SydbyAdmin, Sigrid, SystemAdmin }.Select(a => a.DisplayName)
            .Concat([Liva.DisplayName, Mikkel.DisplayName, Noah.DisplayName, FamilyTeam.Name, YouthTeam.Name, Nordby.Name, Sydby.Name]);
}
