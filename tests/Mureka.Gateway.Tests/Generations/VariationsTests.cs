using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using Grpc.Core;
using Mureka.Contracts.Api.V1;
using Mureka.Gateway.Problems;
using Mureka.Gateway.Tests.Limits;
using Mureka.Gateway.Tests.Problems;
using Mureka.Gateway.Tests.Support;

namespace Mureka.Gateway.Tests.Generations;

/// <summary>Variations: n generations of one request, each rendered and billed alone, grouped by one batch id.</summary>
[Collection(StackCollection.Name)]
public sealed class VariationsTests(StackFixture stack) : GatewayTestBase(stack)
{
    [Fact]
    public async Task ThreeVariations_ThreeDistinctTracks_ThreeUsageRows_OneBatch()
    {
        var (_, key) = await PlanFixtures.CreateTenantAsync(Gateway);
        using var http = Gateway.Http(key);

        using var response = await http.PostAsJsonAsync("/v1/generations/variations", new { n = 3, spec = new { genre = "jazz", duration_ms = 3000, seed = 40, title = "Blue hour" } });
        var batch = await response.Content.ReadFromJsonAsync<JsonElement>();
        var batchId = batch.GetProperty("batch_id").GetString()!;
        var members = batch.GetProperty("generations").EnumerateArray().ToList();
        var ids = members.Select(m => m.GetProperty("id").GetString()!).ToList();
        var done = new List<JsonElement>();
        foreach (var id in ids)
        {
            done.Add(await WaitForStatusAsync(http, id, "succeeded", RenderTimeout));
        }

        var mixes = new List<string>();
        foreach (var id in ids)
        {
            mixes.Add(Convert.ToHexString(SHA256.HashData(await http.GetByteArrayAsync($"/v1/generations/{id}/audio"))));
        }

        var listed = await GenerationListing.IdsAsync(http, $"batch_id={batchId}&sort=created_at");
        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        var usageRows = await connection.ExecuteScalarAsync<long>("select count(*) from usage_ledger where generation_id = any(@ids)", new { ids = ids.Select(Guid.Parse).ToArray() });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal($"/v1/generations?batch_id={batchId}", response.Headers.Location?.OriginalString);
        Assert.Equal(3, ids.Distinct().Count());
        Assert.All(done, g => Assert.Equal(batchId, g.GetProperty("batch_id").GetString()));
        Assert.All(done, g => Assert.Equal("Blue hour", g.GetProperty("title").GetString()));
        Assert.Equal([40L, 41L, 42L], done.Select(g => g.GetProperty("resolved").GetProperty("seed").GetInt64()));
        Assert.Equal(3, mixes.Distinct().Count());
        Assert.Equal(ids, listed);
        Assert.Equal(3, usageRows);
        Assert.All(done, g => Assert.Equal(3.0, g.GetProperty("rendered_seconds").GetDouble()));
    }

    [Fact]
    public async Task RetriedWithTheSameIdempotencyKey_TheSameBatch_NothingStoredTwice()
    {
        var (tenant, key) = await PlanFixtures.CreateTenantAsync(Gateway);
        using var http = Gateway.Http(key);
        var body = JsonSerializer.Serialize(new { n = 2, spec = new { genre = "ambient", duration_ms = 2000 } });

        async Task<JsonElement> PostAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/generations/variations") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("Idempotency-Key", "variations-retry-1");
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }

        var first = await PostAsync();
        var second = await PostAsync();
        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        var stored = await connection.ExecuteScalarAsync<long>("select count(*) from generations where tenant_id = @tenant", new { tenant });

        Assert.Equal(first.GetProperty("batch_id").GetString(), second.GetProperty("batch_id").GetString());
        Assert.Equal(
            first.GetProperty("generations").EnumerateArray().Select(g => g.GetProperty("id").GetString()),
            second.GetProperty("generations").EnumerateArray().Select(g => g.GetProperty("id").GetString()));
        Assert.Equal(2, stored);
    }

    [Fact]
    public async Task QuotaForTwoOfThree_RefusedWhole_NothingStored()
    {
        var (tenant, key) = await PlanFixtures.CreateTenantAsync(Gateway, quotaMs: 5_000);
        using var http = Gateway.Http(key);

        using var response = await http.PostAsJsonAsync("/v1/generations/variations", new { n = 3, spec = new { genre = "rock", duration_ms = 2000 } });

        await ProblemAssert.ResponseAsync(response, HttpStatusCode.PaymentRequired, ProblemTypes.QuotaExceeded);
        Assert.Equal(0, await StoredAsync(tenant));
    }

    [Fact]
    public async Task ConcurrencyForTwoOfThree_RefusedWhole_NothingStored()
    {
        var (tenant, key) = await PlanFixtures.CreateTenantAsync(Gateway, maxConcurrentJobs: 2);
        using var http = Gateway.Http(key);

        using var response = await http.PostAsJsonAsync("/v1/generations/variations", new { n = 3, spec = new { genre = "rock", duration_ms = 2000 } });

        var problem = await ProblemAssert.ResponseAsync(response, HttpStatusCode.TooManyRequests, ProblemTypes.ConcurrencyLimit);
        Assert.Contains("asks for 3 more", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await StoredAsync(tenant));
    }

    [Theory]
    [InlineData("", "n,spec")]
    [InlineData("{}", "n,spec")]
    [InlineData("""{"n": 5, "spec": {"genre": "jazz"}}""", "n")]
    [InlineData("""{"n": "3", "spec": {"genre": "jazz"}}""", "n")]
    [InlineData("""{"n": 2.5, "spec": {"genre": "jazz"}}""", "n")]
    [InlineData("""{"n": 2, "spec": [1]}""", "spec")]
    [InlineData("""{"n": 2, "spec": {}}""", "spec.prompt")]
    [InlineData("""{"n": 2, "spec": {"genre": "jazz", "bpm": "fast", "duration_ms": -5}}""", "spec.bpm,spec.duration_ms")]
    [InlineData("""{"n": 0, "spec": {"genre": "jazz", "colour": "red"}}""", "n,spec.colour")]
    [InlineData("""{"n": 2, "spec": {"genre": "jazz", "title": "a\u0000b"}, "x": 1}""", "spec.title,x")]
    public async Task InvalidBody_EveryFieldNamedByItsPath_NothingStored(string body, string fields)
    {
        var (tenant, key) = await PlanFixtures.CreateTenantAsync(Gateway);
        using var http = Gateway.Http(key);

        using var response = await http.PostAsync("/v1/generations/variations", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await ProblemAssert.ResponseAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        Assert.Equal(fields.Split(','), problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal(0, await StoredAsync(tenant));
    }

    [Fact]
    public async Task ListByAnUnknownOrMalformedBatch_EmptyOrNamed()
    {
        var (_, key) = await PlanFixtures.CreateTenantAsync(Gateway);
        using var http = Gateway.Http(key);

        var unknown = await GenerationListing.IdsAsync(http, $"batch_id={Guid.NewGuid()}");
        using var malformed = await http.GetAsync("/v1/generations?batch_id=not-a-batch%00");

        Assert.Empty(unknown);
        var problem = await ProblemAssert.ResponseAsync(malformed, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("batch_id", out _));
    }

    [Fact]
    public async Task Grpc_CreateVariations_ListedByBatch_AndACountOutOfRangeNamed()
    {
        var (_, key) = await PlanFixtures.CreateTenantAsync(Gateway);
        var auth = GatewayInstance.Auth(key);

        var batch = await Gateway.Grpc.CreateVariationsAsync(new CreateVariationsRequest { N = 2, Spec = new GenerationSpec { Genre = "house", DurationMs = 2000, Seed = 7 } }, auth);
        var listed = await Gateway.Grpc.ListGenerationsAsync(new ListGenerationsRequest { BatchId = batch.BatchId, Sort = "created_at" }, auth);
        var bad = await Assert.ThrowsAsync<RpcException>(async () =>
            await Gateway.Grpc.CreateVariationsAsync(new CreateVariationsRequest { N = 0, Spec = new GenerationSpec { Genre = "polka" } }, auth));

        Assert.Equal(2, batch.Generations.Count);
        Assert.All(batch.Generations, g => Assert.Equal(batch.BatchId, g.BatchId));
        Assert.Equal([7UL, 8UL], batch.Generations.Select(g => g.Resolved.Seed));
        Assert.Equal(batch.Generations.Select(g => g.Id), listed.Generations.Select(g => g.Id));
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Contains("n:", bad.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("spec.genre", bad.Status.Detail, StringComparison.Ordinal);
    }

    private async Task<long> StoredAsync(Guid tenant)
    {
        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("select count(*) from generations where tenant_id = @tenant", new { tenant });
    }
}
