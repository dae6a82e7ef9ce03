using System.Net;
using Mureka.Gateway.Tests.Support;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Idempotency;

/// <summary>Keys with a one-second lifetime (24 hours in production) and a fast sweep.</summary>
[Collection(StackCollection.Name)]
public sealed class IdempotencyExpiryTests(StackFixture stack) : IdempotencyTestBase(stack)
{
    protected override void Configure(Dictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings["Gateway:Idempotency:KeyTtl"] = "00:00:01";
        settings["Gateway:Idempotency:SweepInterval"] = "00:00:00.200";
    }

    [Fact]
    public async Task CreateGeneration_KeyExpired_SweptAndUsableForANewRequest()
    {
        var (tenantId, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        var idempotencyKey = Guid.NewGuid().ToString();
        using var first = await PostAsync(http, "/v1/generations", Spec, idempotencyKey);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);

        await Poll.UntilAsync(() => CountKeysAsync(tenantId), n => n == 0, TimeSpan.FromSeconds(15), "the expired key being swept");
        using var second = await PostAsync(http, "/v1/generations", new { genre = "jazz", duration_ms = 2000 }, idempotencyKey);

        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.False(second.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(2, await CountGenerationsAsync(tenantId));
    }
}
