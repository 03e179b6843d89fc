using System.Net;
using Samtale.Tests.Infrastructure;
using Samtale.Tests.Visits;
using static Samtale.Tests.Api.ApiEndpoints;

namespace Samtale.Tests.Api;

/// <summary>
/// A guest (someone let into one planned visit through a guest link) holds no role and reaches no API at
/// all: every endpoint answers 404, as if it did not exist, whatever the ids in the path.
/// </summary>
public sealed class ApiRefusesGuestsTests(ApiRefusesGuestsTests.WorldWithGuest shared) : IClassFixture<ApiRefusesGuestsTests.WorldWithGuest>
{
    public static readonly TheoryData<string> EveryEndpoint = Each(All);

    [Theory]
    [MemberData(nameof(EveryEndpoint))]
    public async Task Guest_CallsEndpoint_Gets404(string endpoint)
    {
        var response = await shared.Guest.SendAsync(Request(endpoint, shared.World));

        await HttpAssert.StatusAsync(HttpStatusCode.NotFound, response);
    }

    /// <summary>The shared world plus a guest on a visit Anna booked with Liva.</summary>
    public sealed class WorldWithGuest : IAsyncLifetime
    {
        private readonly SharedTwoMunicipalities _shared = new();

        public TwoMunicipalities World => _shared.World;

        public HttpClient Guest { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            await _shared.InitializeAsync();
            var visit = await World.BookVisitAsync();
            Guest = await World.EnterAsGuestAsync(await World.CreateGuestLinkAsync(visit.Id));
        }

        public ValueTask DisposeAsync() => _shared.DisposeAsync();
    }
}
