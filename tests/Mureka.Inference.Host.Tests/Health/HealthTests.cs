using Grpc.Health.V1;
using Mureka.Inference.Host.Tests.Support;

namespace Mureka.Inference.Host.Tests.Health;

[Collection(HostCollection.Name)]
public sealed class HealthTests(HostFixture host)
{
    [Theory]
    [InlineData("")]
    [InlineData("mureka.inference.v1.InferenceHost")]
    public async Task Check_AfterWarmup_IsServing(string service)
    {
        // Act
        var response = await host.Health.CheckAsync(new HealthCheckRequest { Service = service });

        // Assert
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }
}
