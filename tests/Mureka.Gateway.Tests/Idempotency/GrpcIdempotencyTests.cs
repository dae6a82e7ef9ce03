using Grpc.Core;
using Mureka.Contracts.Api.V1;
using Mureka.Gateway.Tests.Support;

namespace Mureka.Gateway.Tests.Idempotency;

[Collection(StackCollection.Name)]
public sealed class GrpcIdempotencyTests(StackFixture stack) : IdempotencyTestBase(stack)
{
    private static CreateGenerationRequest Request(string genre) =>
        new() { Spec = new GenerationSpec { Genre = genre, DurationMs = 2000 } };

    private static Metadata Headers(string key, string idempotencyKey)
    {
        var headers = GatewayInstance.Auth(key);
        headers.Add("idempotency-key", idempotencyKey);
        return headers;
    }

    [Fact]
    public async Task CreateGeneration_SameKeySameRequest_ReplaysFirstResponse()
    {
        var (tenantId, key, _) = await Gateway.CreateTenantAsync();
        var idempotencyKey = Guid.NewGuid().ToString();

        var first = await Gateway.Grpc.CreateGenerationAsync(Request("jazz"), Headers(key, idempotencyKey));
        using var second = Gateway.Grpc.CreateGenerationAsync(Request("jazz"), Headers(key, idempotencyKey));
        var replayed = await second.ResponseAsync;

        Assert.Equal(first.Generation.Id, replayed.Generation.Id);
        Assert.Equal("true", (await second.ResponseHeadersAsync).GetValue("idempotent-replayed"));
        Assert.Equal(1, await CountGenerationsAsync(tenantId));
    }

    [Fact]
    public async Task CreateGeneration_SameKeyDifferentRequest_FailedPrecondition()
    {
        var (tenantId, key, _) = await Gateway.CreateTenantAsync();
        var idempotencyKey = Guid.NewGuid().ToString();
        await Gateway.Grpc.CreateGenerationAsync(Request("jazz"), Headers(key, idempotencyKey));

        var error = await Assert.ThrowsAsync<RpcException>(async () => await Gateway.Grpc.CreateGenerationAsync(Request("rock"), Headers(key, idempotencyKey)));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal(1, await CountGenerationsAsync(tenantId));
    }

    [Fact]
    public async Task CreateGeneration_KeyTooLong_InvalidArgument()
    {
        var (tenantId, key, _) = await Gateway.CreateTenantAsync();

        var error = await Assert.ThrowsAsync<RpcException>(async () => await Gateway.Grpc.CreateGenerationAsync(Request("jazz"), Headers(key, new string('k', 256))));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("idempotency-key", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(0, await CountGenerationsAsync(tenantId));
    }
}
