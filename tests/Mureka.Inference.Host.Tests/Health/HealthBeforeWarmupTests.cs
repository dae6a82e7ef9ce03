using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Mureka.Contracts.Inference.V1;
using Mureka.Inference.Host.Health;
using Mureka.Inference.Host.Tests.Support;

namespace Mureka.Inference.Host.Tests.Health;

public sealed class HealthBeforeWarmupTests
{
    [Fact]
    public async Task Check_BeforeWarmupAfterWarmupAndAfterStop_GoesNotServingServingNotServing()
    {
        // Arrange
        await using var app = HostApp.Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default", "Warning"], o => o.WarmupOnStart = false);
        await app.StartAsync();
        using var channel = GrpcChannel.ForAddress(HostApp.GetListeningAddress(app));
        var health = new Grpc.Health.V1.Health.HealthClient(channel);
        var client = new InferenceHost.InferenceHostClient(channel);

        // Act
        var before = await health.CheckAsync(new HealthCheckRequest());
        var warmup = await client.WarmupAsync(new WarmupRequest());
        var after = await health.CheckAsync(new HealthCheckRequest { Service = "mureka.inference.v1.InferenceHost" });
        await app.StopAsync();
        var drained = app.Services.GetRequiredService<HostHealth>().IsServing;

        // Assert
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, before.Status);
        Assert.True(warmup.Ready);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, after.Status);
        Assert.False(drained);
    }
}
