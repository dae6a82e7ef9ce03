using System.Net;
using Mureka.Gateway.Tests.Support;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Limits;

/// <summary>Two gateway replicas share each key's bucket through one real Redis; without Redis they fail open.</summary>
[Collection(StackCollection.Name)]
public sealed class RedisRateLimitTests(StackFixture stack) : GatewayTestBase(stack)
{
    private RedisServer _redis = null!;

    public override async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _redis.DisposeAsync();
    }

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Gateway:DispatchEnabled"] = "false";
        settings["Gateway:RateLimit:Redis"] = _redis.ConnectionString;
    }

    [Fact]
    public async Task Requests_SpreadOverTwoReplicas_ShareOneLimit()
    {
        await using var replica = await StartGatewayAsync();
        var (_, key) = await PlanFixtures.CreateTenantAsync(Gateway, requestsPerMinute: 6);
        using var a = Gateway.Http(key);
        using var b = replica.Http(key);
        var remaining = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            using var ok = await (i % 2 == 0 ? a : b).GetAsync("/v1/generations");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            remaining.Add(ok.Headers.GetValues("x-ratelimit-remaining-requests").Single());
        }

        using var refusedA = await a.GetAsync("/v1/generations");
        using var refusedB = await b.GetAsync("/v1/generations");

        Assert.Equal(["5", "4", "3", "2", "1", "0"], remaining);
        Assert.Equal(HttpStatusCode.TooManyRequests, refusedA.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, refusedB.StatusCode);
        Assert.True(refusedB.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Requests_RedisDown_FailOpenWithoutRequestHeaders()
    {
        var (_, key) = await PlanFixtures.CreateTenantAsync(Gateway, requestsPerMinute: 1);
        using var http = Gateway.Http(key);
        using (var limited = await http.GetAsync("/v1/generations"))
        {
            Assert.Equal("0", limited.Headers.GetValues("x-ratelimit-remaining-requests").Single());
        }

        await _redis.StopAsync();

        for (var i = 0; i < 3; i++)
        {
            using var open = await http.GetAsync("/v1/generations");
            Assert.Equal(HttpStatusCode.OK, open.StatusCode);
            Assert.False(open.Headers.Contains("x-ratelimit-remaining-requests"));
            Assert.True(open.Headers.Contains("x-ratelimit-remaining-rendered-seconds"));
        }
    }
}
