using System.Net;
using Mureka.Gateway.Tests.Support;
using Mureka.Testing;
using StackExchange.Redis;

namespace Mureka.Gateway.Tests.Limits;

/// <summary>
/// Two gateway replicas share each key's bucket through one real Redis; a busy key's tokens are leased in batches
/// and refusals repeated locally, without ever admitting more than the bucket; without Redis they fail open.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class RedisRateLimitTests(StackFixture stack) : RedisGatewayTestBase(stack)
{
    protected override void Configure(Dictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings["Gateway:DispatchEnabled"] = "false";
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

        await Redis.StopAsync();

        for (var i = 0; i < 3; i++)
        {
            using var open = await http.GetAsync("/v1/generations");
            Assert.Equal(HttpStatusCode.OK, open.StatusCode);
            Assert.False(open.Headers.Contains("x-ratelimit-remaining-requests"));
            Assert.True(open.Headers.Contains("x-ratelimit-remaining-rendered-seconds"));
        }
    }

    [Fact]
    public async Task BusyKey_TakesTokensInBatches_FewRedisCallsPerRequest()
    {
        var (_, key) = await PlanFixtures.CreateTenantAsync(Gateway, requestsPerMinute: 60_000);
        using var http = Gateway.Http(key);
        var before = await ScriptCallsAsync();
        for (var i = 0; i < 200; i++)
        {
            using var ok = await http.GetAsync("/v1/generations");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        // The first call takes one token; from the second on the replica asks for a busy key's batch (at most 1 %
        // of 60 000, 100). A lease lapses after a second, so a slow run may need a few more: still far below 200.
        var calls = await ScriptCallsAsync() - before;
        Assert.InRange(calls, 2, 20);
    }

    [Fact]
    public async Task ConcurrentRequestsOverTwoReplicas_NeverAdmitMoreThanTheBucket()
    {
        const int limit = 300;
        await using var replica = await StartGatewayAsync();
        var (_, key) = await PlanFixtures.CreateTenantAsync(Gateway, requestsPerMinute: limit);
        using var a = Gateway.Http(key);
        using var b = replica.Http(key);
        var started = TimeProvider.System.GetTimestamp();
        var statuses = await Task.WhenAll(Enumerable.Range(0, 16).Select(async worker =>
        {
            var mine = new List<HttpStatusCode>();
            for (var i = 0; i < 25; i++)
            {
                using var response = await (worker % 2 == 0 ? a : b).GetAsync("/v1/generations");
                mine.Add(response.StatusCode);
            }

            return mine;
        }));
        var elapsed = TimeProvider.System.GetElapsedTime(started);
        var all = statuses.SelectMany(s => s).ToList();
        var admitted = all.Count(s => s == HttpStatusCode.OK);

        // 400 requests against a bucket of 300 refilling at 5 a second: never more than the bucket plus its refill.
        Assert.All(all, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, s.ToString()));
        Assert.InRange(admitted, limit - 10, limit + (int)Math.Ceiling(elapsed.TotalSeconds * limit / 60.0));
    }

    [Fact]
    public async Task OverTheLimit_RefusalsRepeatedFromMemory_UntilTheBucketRefills()
    {
        await using var replica = await StartGatewayAsync();
        var (_, key) = await PlanFixtures.CreateTenantAsync(Gateway, requestsPerMinute: 1);
        using var a = Gateway.Http(key);
        using var b = replica.Http(key);
        using (var ok = await a.GetAsync("/v1/generations"))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        // One token a minute: each replica asks Redis once, then repeats its answer (and its wait) on its own.
        var before = await ScriptCallsAsync();
        for (var i = 0; i < 20; i++)
        {
            using var refused = await (i % 2 == 0 ? a : b).GetAsync("/v1/generations");
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(30), refused.Headers.RetryAfter?.ToString());
        }

        Assert.Equal(2, await ScriptCallsAsync() - before);
    }

    /// <summary>Lua script calls Redis has served (EVAL and EVALSHA), from its own command statistics.</summary>
    private async Task<long> ScriptCallsAsync()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(Redis.ConnectionString + ",allowAdmin=true");
        var stats = await redis.GetServers().Single().InfoAsync("commandstats");
        return stats.SelectMany(g => g)
            .Where(p => p.Key is "cmdstat_eval" or "cmdstat_evalsha")
            .Sum(p => long.Parse(p.Value.Split(',')[0]["calls=".Length..], System.Globalization.CultureInfo.InvariantCulture));
    }
}
