using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Mureka.Gateway.Readiness;
using Mureka.Gateway.Tests.Support;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Readiness;

[Collection(StackCollection.Name)]
public sealed class GatewayHealthTests(StackFixture stack) : GatewayTestBase(stack)
{
    protected override void Configure(Dictionary<string, string?> settings) => settings["Gateway:DispatchEnabled"] = "false";

    [Theory]
    [InlineData("")]
    [InlineData("mureka.api.v1.Generations")]
    public async Task Check_StartedWithDatabase_IsServing(string service)
    {
        using var channel = GrpcChannel.ForAddress(Gateway.GrpcUrl);
        var health = new Health.HealthClient(channel);

        var response = await Poll.UntilAsync(
            async () => (await health.CheckAsync(new HealthCheckRequest { Service = service })).Status,
            s => s == HealthCheckResponse.Types.ServingStatus.Serving,
            TimeSpan.FromSeconds(10),
            "the gateway reporting SERVING");

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response);
    }

    [Fact]
    public async Task CheckHealthAsync_Stopping_IsUnhealthy()
    {
        using var lifetime = new TestLifetime();
        var check = new LifetimeHealthCheck(lifetime);
        lifetime.Started.Cancel();
        var running = await check.CheckHealthAsync(new HealthCheckContext());

        await lifetime.Stopping.CancelAsync();
        var stopping = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Healthy, running.Status);
        Assert.Equal(HealthStatus.Unhealthy, stopping.Status);
    }

    private sealed class TestLifetime : IHostApplicationLifetime, IDisposable
    {
        public CancellationTokenSource Started { get; } = new();

        public CancellationTokenSource Stopping { get; } = new();

        public CancellationToken ApplicationStarted => Started.Token;

        public CancellationToken ApplicationStopping => Stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => Stopping.Cancel();

        public void Dispose()
        {
            Started.Dispose();
            Stopping.Dispose();
        }
    }
}
