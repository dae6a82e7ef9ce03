using Mureka.Sdk.Tests.Support;

namespace Mureka.Sdk.Tests;

/// <summary>Retries of refused creates, against a scripted HTTP server on loopback (a full queue cannot be produced on demand).</summary>
public sealed class MurekaClientRetryTests
{
    private const string Queued = """
        {"id":"5b0c6a36-8f55-4b1e-9d6a-2f1f0d3f6c11","status":"queued","created_at":"2026-01-01T00:00:00Z","audio":[],
         "resolved":{"model":"mureka-compose-1","prompt":"","genre":"jazz","mood":"calm","bpm":90,"key":"C major","time_signature":"4/4",
         "duration_ms":2000,"instruments":[],"intensity":2,"seed":9007199254740991,"format":"wav","sample_rate":44100,"bit_depth":16,
         "stems":false,"loop":false,"interpretation":[]}}
        """;

    [Fact]
    public async Task CreateAsync_429WithRetryAfter_WaitsThatLongThenSucceeds()
    {
        await using var server = await ScriptedServer.StartAsync(ScriptedServer.Problem(429, "Too many generations are queued.", retryAfterSeconds: 1), ScriptedServer.Json(202, Queued));
        using var client = MurekaClient.Create(server.Url, "mk_live_test");

        var generation = await client.CreateAsync(new GenerationRequest { Genre = "jazz" });

        Assert.Equal(GenerationStatus.Queued, generation.Status);
        Assert.Equal(9007199254740991L, generation.Resolved.Seed);
        var requests = server.Requests;
        Assert.Equal(2, requests.Count);
        Assert.True(requests[1] - requests[0] >= TimeSpan.FromSeconds(0.95), $"retried after {requests[1] - requests[0]}");
        var keys = server.IdempotencyKeys;
        Assert.False(string.IsNullOrEmpty(keys[0]));
        Assert.Equal(keys[0], keys[1]);
    }

    [Fact]
    public async Task CreateAsync_TwoCalls_DifferentIdempotencyKeys()
    {
        await using var server = await ScriptedServer.StartAsync(ScriptedServer.Json(202, Queued));
        using var client = MurekaClient.Create(server.Url, "mk_live_test");

        await client.CreateAsync(new GenerationRequest { Genre = "jazz" });
        await client.CreateAsync(new GenerationRequest { Genre = "jazz" }, "order-4711");

        Assert.NotEqual(server.IdempotencyKeys[0], server.IdempotencyKeys[1]);
        Assert.Equal("order-4711", server.IdempotencyKeys[1]);
    }

    [Fact]
    public async Task CreateAsync_503EveryTime_GivesUpAfterMaxRetriesWithRetryAfter()
    {
        await using var server = await ScriptedServer.StartAsync(ScriptedServer.Problem(503, "No inference capacity is available.", retryAfterSeconds: 0));
        using var client = MurekaClient.Create(server.Url, "mk_live_test", new MurekaClientOptions { MaxCreateRetries = 2 });

        var problem = await Assert.ThrowsAsync<MurekaProblemException>(() => client.CreateAsync(new GenerationRequest()));

        Assert.Equal(503, problem.Status);
        Assert.Equal("No inference capacity is available.", problem.Title);
        Assert.Equal(TimeSpan.Zero, problem.RetryAfter);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task CreateAsync_400_IsNotRetried()
    {
        await using var server = await ScriptedServer.StartAsync(ScriptedServer.Problem(400, "The request is invalid."));
        using var client = MurekaClient.Create(server.Url, "mk_live_test");

        var problem = await Assert.ThrowsAsync<MurekaProblemException>(() => client.CreateAsync(new GenerationRequest()));

        Assert.Equal(400, problem.Status);
        Assert.Single(server.Requests);
    }
}
