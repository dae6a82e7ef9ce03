using System.Net;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Mureka.Gateway.Readiness;
using Mureka.Gateway.Tests.Support;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Readiness;

/// <summary>Public health probes, however many, read the database at most once per interval.</summary>
[Collection(StackCollection.Name)]
public sealed class HealthProbeCacheTests(StackFixture stack) : GatewayTestBase(stack)
{
    // An interval no test outlives: every probe after the first must be answered from memory.
    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Gateway:DispatchEnabled"] = "false";
        settings["Gateway:DatabaseCheckInterval"] = "01:00:00";
    }

    [Fact]
    public async Task FloodOfGrpcAndHttpProbes_OneDatabaseRead()
    {
        var check = Gateway.Services.GetRequiredService<DatabaseHealthCheck>();
        using var channel = GrpcChannel.ForAddress(Gateway.GrpcUrl);
        var health = new Health.HealthClient(channel);
        using var http = Gateway.Http(key: null);
        await Poll.UntilAsync(
            async () => (await health.CheckAsync(new HealthCheckRequest())).Status,
            s => s == HealthCheckResponse.Types.ServingStatus.Serving,
            TimeSpan.FromSeconds(10),
            "the gateway SERVING");
        var before = check.Probes;

        var grpc = Enumerable.Range(0, 200).Select(async _ => (await health.CheckAsync(new HealthCheckRequest())).Status == HealthCheckResponse.Types.ServingStatus.Serving);
        var rest = Enumerable.Range(0, 50).Select(async _ =>
        {
            using var response = await http.GetAsync("/readyz");
            return response.StatusCode == HttpStatusCode.OK;
        });
        var answers = await Task.WhenAll(grpc.Concat(rest));

        Assert.All(answers, Assert.True);
        Assert.Equal(0, check.Probes - before);
        Assert.True(check.Probes <= 1, $"{check.Probes} database reads for the whole life of the gateway");
    }
}
