using System.Net;
using System.Text.Json.Nodes;
using Mureka.Gateway.Tests.Support;

namespace Mureka.Gateway.Tests.Contract;

[Collection(StackCollection.Name)]
public sealed class ServedOpenApiTests(StackFixture stack) : GatewayTestBase(stack)
{
    protected override void Configure(Dictionary<string, string?> settings) => settings["Gateway:DispatchEnabled"] = "false";

    [Fact]
    public async Task GetOpenApiDocument_Anonymous_EqualsCommittedFile()
    {
        using var http = Gateway.Http(key: null);

        using var response = await http.GetAsync("/openapi/v1.yaml");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/yaml", response.Content.Headers.ContentType?.MediaType);
        var served = OpenApiSpec.Parse(await response.Content.ReadAsStringAsync());
        var committed = OpenApiSpec.LoadCommitted();
        var differences = JsonPaths.Differences(committed.Root, served.Root);
        Assert.True(differences.Count == 0,
            "The gateway serves a different openapi.yaml than the committed one (rebuild the gateway):\n  - " + string.Join("\n  - ", differences.Take(20)));
    }
}
