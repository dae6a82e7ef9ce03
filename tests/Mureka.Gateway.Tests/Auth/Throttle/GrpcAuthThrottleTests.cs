using Grpc.Core;
using Mureka.Contracts.Api.V1;
using Mureka.Gateway.Tests.Limits;
using Mureka.Gateway.Tests.Support;

namespace Mureka.Gateway.Tests.Auth.Throttle;

/// <summary>The same throttle on the public gRPC port: UNAUTHENTICATED within the budget, RESOURCE_EXHAUSTED past it.</summary>
[Collection(StackCollection.Name)]
public sealed class GrpcAuthThrottleTests(StackFixture stack) : AuthThrottleTestBase(stack)
{
    [Fact]
    public async Task FloodOfUnknownKeys_UnauthenticatedThenResourceExhausted_WithoutLookups()
    {
        var before = Authenticator.DatabaseLookups;
        var codes = new List<StatusCode>();
        for (var i = 0; i < Budget; i++)
        {
            codes.Add((await CallAsync(UnknownKey())).StatusCode);
        }

        var over = await CallAsync(UnknownKey());
        var anonymous = await CallAsync(null);

        Assert.All(codes, c => Assert.Equal(StatusCode.Unauthenticated, c));
        Assert.Equal(StatusCode.ResourceExhausted, over.StatusCode);
        Assert.Equal(StatusCode.ResourceExhausted, anonymous.StatusCode);
        var details = RichDetails.Parse(over.Trailers.GetValueBytes("grpc-status-details-bin")!);
        Assert.Equal(["unauthenticated_requests"], details.QuotaSubjects);
        Assert.True(details.RetryDelaySeconds >= 1);
        Assert.Equal(Budget, Authenticator.DatabaseLookups - before);
    }

    [Fact]
    public async Task ValidKeyFromThrottledAddress_Served()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        await Gateway.Grpc.ListGenerationsAsync(new ListGenerationsRequest(), GatewayInstance.Auth(key));
        for (var i = 0; i <= Budget; i++)
        {
            await CallAsync(UnknownKey());
        }

        Assert.Equal(StatusCode.ResourceExhausted, (await CallAsync(UnknownKey())).StatusCode);
        var page = await Gateway.Grpc.ListGenerationsAsync(new ListGenerationsRequest(), GatewayInstance.Auth(key));

        Assert.NotNull(page);
    }

    private async Task<RpcException> CallAsync(string? key) =>
        await Assert.ThrowsAsync<RpcException>(() => Gateway.Grpc.ListGenerationsAsync(new ListGenerationsRequest(), key is null ? new Metadata() : GatewayInstance.Auth(key)).ResponseAsync);
}
