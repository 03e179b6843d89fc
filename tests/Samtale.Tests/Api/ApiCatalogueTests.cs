using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Samtale.Tests.Infrastructure;

namespace Samtale.Tests.Api;

/// <summary>The authorisation tables are only as good as their list of endpoints; this keeps the list honest.</summary>
public sealed partial class ApiCatalogueTests
{
    [Fact]
    public async Task MappedApiEndpoints_AreExactlyTheOnesTheAuthorisationTablesCover()
    {
        await using var app = await ProductApp.StartAsync();

        var mapped = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {Shape(e.RoutePattern.RawText!)}"))
            .Order().ToList();
        var listed = ApiEndpoints.All.Select(e => $"{e.Split(' ')[0]} {Shape(e.Split(' ')[1])}").Order().ToList();

        var unlisted = mapped.Except(listed).ToList();
        var gone = listed.Except(mapped).ToList();
        Assert.True(unlisted.Count == 0 && gone.Count == 0,
            $"Add new endpoints to ApiEndpoints and give each a row in the authorisation tables (ApiServesRightfulCallersTests, "
            + $"ApiRefusesCallersWithoutTheRightRoleTests, ApiHidesOtherMunicipalitiesTests).\nMapped but not listed: {string.Join(", ", unlisted)}"
            + $"\nListed but no longer mapped: {string.Join(", ", gone)}");
    }

    [Fact]
    public void RightfulCallers_CoverEveryListedEndpoint()
    {
        var covered = ApiServesRightfulCallersTests.RightfulCallers.Select(row => row.Data.Item1).ToHashSet();

        Assert.All(ApiEndpoints.All, e => Assert.Contains(e, covered));
    }

    private static string Shape(string route) => Parameter().Replace(route, "{}");

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();
}
