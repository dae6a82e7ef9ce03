using System.Net;
using System.Text.Json;
using Mureka.Gateway.Tests.Support;

namespace Mureka.Gateway.Tests.Readiness;

/// <summary>Readiness refuses when the audio disk is too full, and is only degraded (still 200) without a usable host.</summary>
[Collection(StackCollection.Name)]
public sealed class ReadinessRefusalTests(StackFixture stack) : GatewayTestBase(stack)
{
    protected override IEnumerable<string> Hosts => [];

    protected override void Configure(Dictionary<string, string?> settings) =>
        settings["Gateway:AudioMinFreeBytes"] = long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Readyz_DiskTooFullAndNoHost_503NamingTheStoreAndHostPoolDegraded()
    {
        using var http = Gateway.Http(key: null);

        using var response = await http.GetAsync("/readyz");
        var checks = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("checks");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", checks.GetProperty("audio_store").GetProperty("status").GetString());
        Assert.Contains("MiB free", checks.GetProperty("audio_store").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("Degraded", checks.GetProperty("host_pool").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
    }
}
