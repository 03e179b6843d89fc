using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Samtale.Tests.Infrastructure;
using Samtale.Web.Data;

namespace Samtale.Tests.Api;

public sealed class BadInputTests
{
    public static readonly TheoryData<string, string> JsonEndpoints = new()
    {
        { "/api/system/municipalities", "system-admin" },
        { "/api/admin/teams", "municipality-admin" },
        { "/api/admin/staff", "municipality-admin" },
        { "/api/admin/citizens", "municipality-admin" },
        { "/api/admin/links", "municipality-admin" },
    };

    public static readonly TheoryData<string, string, string> OverlongNames = new()
    {
        { "/api/system/municipalities", "system-admin", "name" },
        { "/api/admin/teams", "municipality-admin", "name" },
        { "/api/admin/citizens", "municipality-admin", "displayName" },
        { "/api/admin/staff", "municipality-admin", "displayName" },
    };

    [Theory]
    [MemberData(nameof(JsonEndpoints))]
    public async Task MalformedJson_IsA400ProblemAndChangesNothing(string path, string caller)
    {
        await using var app = await ProductApp.StartAsync();
        var world = await TwoMunicipalities.CreateAsync(app);
        var before = await DbSnapshot.TakeAsync(app);

        var response = await world.Clients[caller].PostAsync(path, new StringContent("{\"name\": \"Nyt", Encoding.UTF8, "application/json"));

        await HttpAssert.StatusAsync(HttpStatusCode.BadRequest, response);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(400, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetInt32());
        Assert.Equal(before, await DbSnapshot.TakeAsync(app));
    }

    [Theory]
    [MemberData(nameof(OverlongNames))]
    public async Task Name_OfMoreThan100Characters_IsA400ValidationProblemAndChangesNothing(string path, string caller, string field)
    {
        await using var app = await ProductApp.StartAsync();
        var world = await TwoMunicipalities.CreateAsync(app);
        var before = await DbSnapshot.TakeAsync(app);

        var response = await world.Clients[caller].PostAsJsonAsync(path, Body(field, new string('å', FieldLimits.Name + 1)));

        await HttpAssert.StatusAsync(HttpStatusCode.BadRequest, response);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(char.ToUpperInvariant(field[0]) + field[1..], out _), $"errors names the field: {errors}");
        Assert.Equal(before, await DbSnapshot.TakeAsync(app));
    }

    [Theory]
    [MemberData(nameof(OverlongNames))]
    public async Task Name_Of100Characters_IsAccepted(string path, string caller, string field)
    {
        await using var app = await ProductApp.StartAsync();
        var world = await TwoMunicipalities.CreateAsync(app);

        var response = await world.Clients[caller].PostAsJsonAsync(path, Body(field, new string('å', FieldLimits.Name)));

        await HttpAssert.StatusAsync(HttpStatusCode.Created, response);
    }

    [Theory]
    [InlineData("anna")]
    [InlineData("Anna")]
    [InlineData(" ANNA ")]
    public async Task UserName_AlreadyTaken_IsA400ValidationProblemAndChangesNothing(string userName)
    {
        await using var app = await ProductApp.StartAsync();
        var world = await TwoMunicipalities.CreateAsync(app);
        var before = await DbSnapshot.TakeAsync(app);

        var response = await world.Clients["municipality-admin"].PostAsJsonAsync("/api/admin/staff", new
        {
            userName,
            displayName = "En anden Anna",
            password = ProductApp.Password,
            roles = new[] { "Staff" },
        });

        await HttpAssert.StatusAsync(HttpStatusCode.BadRequest, response);
        Assert.True(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("UserName", out _));
        Assert.Equal(before, await DbSnapshot.TakeAsync(app));
    }

    [Fact]
    public async Task UserName_TakenInAnotherMunicipality_IsAlsoRefused()
    {
        await using var app = await ProductApp.StartAsync();
        var world = await TwoMunicipalities.CreateAsync(app);
        var before = await DbSnapshot.TakeAsync(app);

        var response = await world.Clients["other-municipality-admin"].PostAsJsonAsync("/api/admin/staff", new
        {
            userName = "anna",
            displayName = "Sydby Anna",
            password = ProductApp.Password,
            roles = new[] { "Staff" },
        });

        await HttpAssert.StatusAsync(HttpStatusCode.BadRequest, response);
        Assert.Equal(before, await DbSnapshot.TakeAsync(app));
    }

    [Theory]
    [InlineData("SystemAdmin")]
    [InlineData("ItOperations")]
    [InlineData("Nonsense")]
    public async Task Role_ThatAMunicipalityCannotGrant_IsRefused(string role)
    {
        await using var app = await ProductApp.StartAsync();
        var world = await TwoMunicipalities.CreateAsync(app);
        var before = await DbSnapshot.TakeAsync(app);

        var response = await world.Clients["municipality-admin"].PostAsJsonAsync("/api/admin/staff", new
        {
            userName = "ny.chef",
            displayName = "Ny Chef",
            password = ProductApp.Password,
            roles = new[] { role },
        });

        await HttpAssert.StatusAsync(HttpStatusCode.BadRequest, response);
        Assert.Equal(before, await DbSnapshot.TakeAsync(app));
    }

    [Theory]
    [InlineData("GET", "/api/admin/citizens/{unknown}/devices")]
    [InlineData("POST", "/api/admin/devices/{unknown}/revoke")]
    [InlineData("DELETE", "/api/admin/links/{unknown}")]
    [InlineData("POST", "/api/citizens/{unknown}/enrolment-codes")]
    public async Task UnknownId_Is404AndChangesNothing(string method, string path)
    {
        await using var app = await ProductApp.StartAsync();
        var world = await TwoMunicipalities.CreateAsync(app);
        var before = await DbSnapshot.TakeAsync(app);

        var response = await world.Clients["municipality-admin"].SendAsync(
            new HttpRequestMessage(new HttpMethod(method), path.Replace("{unknown}", Guid.CreateVersion7().ToString(), StringComparison.Ordinal)));

        await HttpAssert.StatusAsync(HttpStatusCode.NotFound, response);
        Assert.Equal(before, await DbSnapshot.TakeAsync(app));
    }

    [Fact]
    public async Task Link_ToUnknownCitizenOrStaff_Is404AndChangesNothing()
    {
        await using var app = await ProductApp.StartAsync();
        var world = await TwoMunicipalities.CreateAsync(app);
        var admin = world.Clients["municipality-admin"];
        var before = await DbSnapshot.TakeAsync(app);

        var unknownCitizen = await admin.PostAsJsonAsync("/api/admin/links", new { citizenId = Guid.CreateVersion7(), staffAccountId = world.Anna.Id, caseReference = "SAG-1" });
        var unknownStaff = await admin.PostAsJsonAsync("/api/admin/links", new { citizenId = world.Liva.Id, staffAccountId = Guid.CreateVersion7(), caseReference = "SAG-1" });
        var unknownTeam = await admin.PostAsJsonAsync("/api/admin/links", new { citizenId = world.Liva.Id, teamId = Guid.CreateVersion7(), caseReference = "SAG-1" });

        await HttpAssert.StatusAsync(HttpStatusCode.NotFound, unknownCitizen);
        await HttpAssert.StatusAsync(HttpStatusCode.NotFound, unknownStaff);
        await HttpAssert.StatusAsync(HttpStatusCode.NotFound, unknownTeam);
        Assert.Equal(before, await DbSnapshot.TakeAsync(app));
    }

    [Fact]
    public async Task Link_ToBothStaffAndTeamOrToNeither_IsA400AndChangesNothing()
    {
        await using var app = await ProductApp.StartAsync();
        var world = await TwoMunicipalities.CreateAsync(app);
        var admin = world.Clients["municipality-admin"];
        var before = await DbSnapshot.TakeAsync(app);

        var both = await admin.PostAsJsonAsync("/api/admin/links", new { citizenId = world.Liva.Id, staffAccountId = world.Bo.Id, teamId = world.YouthTeam.Id, caseReference = "SAG-1" });
        var neither = await admin.PostAsJsonAsync("/api/admin/links", new { citizenId = world.Liva.Id, caseReference = "SAG-1" });
        var noReference = await admin.PostAsJsonAsync("/api/admin/links", new { citizenId = world.Liva.Id, staffAccountId = world.Bo.Id, caseReference = " " });

        await HttpAssert.StatusAsync(HttpStatusCode.BadRequest, both);
        await HttpAssert.StatusAsync(HttpStatusCode.BadRequest, neither);
        await HttpAssert.StatusAsync(HttpStatusCode.BadRequest, noReference);
        Assert.Equal(before, await DbSnapshot.TakeAsync(app));
    }

    [Fact]
    public async Task CulturePost_WithoutAntiforgeryToken_Is400AndSetsNoCookie()
    {
        await using var app = await ProductApp.StartAsync();

        var response = await app.Anonymous().PostAsync("/culture", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["culture"] = "en",
            ["returnUrl"] = "/",
        }));

        await HttpAssert.StatusAsync(HttpStatusCode.BadRequest, response);
        Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("__Host-samtale-lang", StringComparison.Ordinal));
    }

    private static Dictionary<string, object> Body(string field, string value) => field switch
    {
        "displayName" => new() { ["displayName"] = value, ["userName"] = "lang.navn", ["password"] = ProductApp.Password, ["roles"] = new[] { "Staff" } },
        _ => new() { [field] = value },
    };
}
