using System.Net;
using System.Text.Json;
using Mureka.Gateway.Tests.Support;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Readiness;

/// <summary>The HTTP probes an orchestrator uses and the Prometheus endpoint, on a real gateway with a real host.</summary>
[Collection(StackCollection.Name)]
public sealed class HttpHealthAndMetricsTests(StackFixture stack) : GatewayTestBase(stack)
{
    private readonly int _managementPort = FreeTcpPort.OnLoopback();

    protected override void Configure(Dictionary<string, string?> settings) =>
        settings["Gateway:ManagementUrl"] = $"http://127.0.0.1:{_managementPort}";

    [Fact]
    public async Task Healthz_Live_OnlyTheLivenessCheck()
    {
        using var http = Gateway.Http(key: null);

        using var response = await http.GetAsync("/healthz");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal(["liveness"], body.GetProperty("checks").EnumerateObject().Select(c => c.Name));
    }

    [Fact]
    public async Task Readyz_DatabaseStoreAndHostsUp_HealthyNamingEachCheck()
    {
        using var http = Gateway.Http(key: null);

        var body = await Poll.UntilAsync(
            async () => JsonDocument.Parse(await http.GetStringAsync("/readyz")).RootElement,
            b => b.GetProperty("status").GetString() == "Healthy",
            TimeSpan.FromSeconds(10),
            "the gateway ready with its host serving");

        var checks = body.GetProperty("checks");
        foreach (var name in new[] { "lifetime", "database", "audio_store", "host_pool" })
        {
            Assert.Equal("Healthy", checks.GetProperty(name).GetProperty("status").GetString());
        }

        Assert.False(checks.TryGetProperty("liveness", out _));
    }

    [Fact]
    public async Task Metrics_ManagementPort_PrometheusTextWithGatewayMeters()
    {
        using var http = Gateway.Http(key: null);
        (await http.GetAsync("/healthz")).Dispose();
        using var management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_managementPort}") };

        var text = await Poll.UntilAsync(
            () => management.GetStringAsync("/metrics"),
            t => t.Contains("mureka_batching_host_utilization", StringComparison.Ordinal) && t.Contains("http_server_request_duration_seconds", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10),
            "the batcher's and ASP.NET Core's meters in the scrape");

        Assert.Contains("# TYPE ", text, StringComparison.Ordinal);
        Assert.Contains("db_client_connection", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_PublicRestPort_NotServed()
    {
        using var http = Gateway.Http(key: null);

        using var response = await http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
