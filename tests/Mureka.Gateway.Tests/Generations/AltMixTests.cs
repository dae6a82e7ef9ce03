using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mureka.Gateway.Problems;
using Mureka.Gateway.Tests.Problems;
using Mureka.Gateway.Tests.Support;

namespace Mureka.Gateway.Tests.Generations;

/// <summary>The <c>mix</c> field over REST: kept in the resolved spec, delivered by a host, refused when unknown.</summary>
[Collection(StackCollection.Name)]
public sealed class AltMixTests(StackFixture stack) : GatewayTestBase(stack)
{
    [Fact]
    public async Task CreateGeneration_Underscore_ResolvedSpecKeepsItAndOnlyItsStemsAreDelivered()
    {
        // Arrange
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);

        // Act
        var created = await PostGenerationAsync(http, new { genre = "house", duration_ms = 2000, seed = 5, stems = true, mix = "underscore" });
        var id = created.GetProperty("id").GetString()!;
        var done = await WaitForStatusAsync(http, id, "succeeded", RenderTimeout);

        // Assert
        Assert.Equal("underscore", created.GetProperty("resolved").GetProperty("mix").GetString());
        Assert.Equal("underscore", done.GetProperty("resolved").GetProperty("mix").GetString());
        Assert.Equal(
            ["bass", "drums", "harmony", "mix"],
            done.GetProperty("audio").EnumerateArray().Select(a => a.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        using var melody = await http.GetAsync($"/v1/generations/{id}/stems/melody");
        Assert.Equal(HttpStatusCode.NotFound, melody.StatusCode);
    }

    [Fact]
    public async Task CreateGeneration_NoMix_ResolvesToTheFullMix()
    {
        // Arrange
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);

        // Act
        var created = await PostGenerationAsync(http, new { genre = "chiptune", duration_ms = 1000, seed = 1 });

        // Assert
        Assert.Equal("full", created.GetProperty("resolved").GetProperty("mix").GetString());
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("melody")]
    [InlineData("full\u0007")]
    public async Task CreateGeneration_UnknownMix_Returns400NamingMix(string mix)
    {
        // Arrange
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);

        // Act
        using var response = await http.PostAsJsonAsync("/v1/generations", new { genre = "jazz", duration_ms = 2000, mix });

        // Assert
        var problem = await ProblemAssert.ResponseAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        var errors = problem.GetProperty("errors");
        Assert.Equal(["mix"], errors.EnumerateObject().Select(e => e.Name));
        Assert.Contains("full, underscore, drums_and_bass", errors.GetProperty("mix")[0].GetString(), StringComparison.Ordinal);
    }
}
