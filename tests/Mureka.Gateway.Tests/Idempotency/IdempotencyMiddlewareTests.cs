using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Mureka.Gateway.Tests.Support;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Idempotency;

[Collection(StackCollection.Name)]
public sealed class IdempotencyMiddlewareTests(StackFixture stack) : IdempotencyTestBase(stack)
{
    [Fact]
    public async Task CreateGeneration_SameKeySameBody_ReplaysFirstResponse()
    {
        var (tenantId, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        var idempotencyKey = Guid.NewGuid().ToString();

        using var first = await PostAsync(http, "/v1/generations", Spec, idempotencyKey);
        using var second = await PostAsync(http, "/v1/generations", Spec, idempotencyKey);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal("application/json", second.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(1, await CountGenerationsAsync(tenantId));
    }

    [Fact]
    public async Task CreateGeneration_SameKeyDifferentBody_Returns422Problem()
    {
        var (tenantId, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        var idempotencyKey = Guid.NewGuid().ToString();
        using var first = await PostAsync(http, "/v1/generations", Spec, idempotencyKey);

        using var second = await PostAsync(http, "/v1/generations", new { genre = "jazz" }, idempotencyKey);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        var problem = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("different request", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        Assert.Equal(1, await CountGenerationsAsync(tenantId));
    }

    [Fact]
    public async Task CreateGeneration_ConcurrentSameKey_CreatesOneGeneration()
    {
        var (tenantId, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        var idempotencyKey = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostAsync(http, "/v1/generations", Spec, idempotencyKey)));

        try
        {
            Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Accepted, HttpStatusCode.Conflict }));
            var ids = new HashSet<string?>();
            foreach (var accepted in responses.Where(r => r.StatusCode == HttpStatusCode.Accepted))
            {
                ids.Add((await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
            }

            Assert.Single(ids);
            Assert.All(responses.Where(r => r.StatusCode == HttpStatusCode.Conflict), r => Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType));
            Assert.Equal(1, await CountGenerationsAsync(tenantId));
        }
        finally
        {
            foreach (var r in responses)
            {
                r.Dispose();
            }
        }
    }

    [Fact]
    public async Task CreateGeneration_InvalidBodyThenValid_SameKeyIsStillFree()
    {
        var (tenantId, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        var idempotencyKey = Guid.NewGuid().ToString();

        using var invalid = await PostAsync(http, "/v1/generations", new { bpm = 5000 }, idempotencyKey);
        using var valid = await PostAsync(http, "/v1/generations", Spec, idempotencyKey);

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, valid.StatusCode);
        Assert.Equal(1, await CountGenerationsAsync(tenantId));
    }

    [Theory]
    [InlineData(256)]
    [InlineData(0)]
    public async Task CreateGeneration_KeyOutOfBounds_Returns400NamingHeader(int length)
    {
        var (tenantId, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);

        using var response = await PostAsync(http, "/v1/generations", Spec, new string('k', length));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
        Assert.Equal(0, await CountGenerationsAsync(tenantId));
    }

    [Fact]
    public async Task CreateGeneration_SameKeyOtherTenant_CreatesSeparateGeneration()
    {
        var (_, keyA, _) = await Gateway.CreateTenantAsync();
        var (_, keyB, _) = await Gateway.CreateTenantAsync();
        using var httpA = Gateway.Http(keyA);
        using var httpB = Gateway.Http(keyB);
        var idempotencyKey = Guid.NewGuid().ToString();

        using var a = await PostAsync(httpA, "/v1/generations", Spec, idempotencyKey);
        using var b = await PostAsync(httpB, "/v1/generations", Spec, idempotencyKey);

        Assert.Equal(HttpStatusCode.Accepted, a.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, b.StatusCode);
        Assert.False(b.Headers.Contains("Idempotent-Replayed"));
        Assert.NotEqual(a.Headers.Location, b.Headers.Location);
    }

    [Fact]
    public async Task CreateGeneration_RetryAfterCrashBeforeResponseStored_ReturnsSameGeneration()
    {
        var (tenantId, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        var idempotencyKey = Guid.NewGuid().ToString();
        using var first = await PostAsync(http, "/v1/generations", Spec, idempotencyKey);
        var firstId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        // As if the gateway died after storing the job but before storing the response: the key is still
        // in progress, its lock long run out.
        await using (var connection = await Gateway.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                """
                update idempotency_keys set status = 'in_progress', response_status = null, response_headers = null, response_body = null,
                    locked_until = now() - interval '1 minute'
                where tenant_id = @tenantId
                """, new { tenantId });
        }

        using var retry = await PostAsync(http, "/v1/generations", Spec, idempotencyKey);

        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal(firstId, (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        Assert.Equal(1, await CountGenerationsAsync(tenantId));
    }

    [Fact]
    public async Task CreateGeneration_KeyStillLocked_Returns409Problem()
    {
        var (tenantId, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        var idempotencyKey = Guid.NewGuid().ToString();
        using var first = await PostAsync(http, "/v1/generations", Spec, idempotencyKey);
        await using (var connection = await Gateway.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                "update idempotency_keys set status = 'in_progress', locked_until = now() + interval '1 minute' where tenant_id = @tenantId", new { tenantId });
        }

        using var second = await PostAsync(http, "/v1/generations", Spec, idempotencyKey);

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1, await CountGenerationsAsync(tenantId));
    }

    [Fact]
    public async Task CancelGeneration_SameKey_ReplaysFirstAnswer()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        using var created = await PostAsync(http, "/v1/generations", Spec, null);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var idempotencyKey = Guid.NewGuid().ToString();

        using var first = await PostAsync(http, $"/v1/generations/{id}/cancel", null, idempotencyKey);
        using var second = await PostAsync(http, $"/v1/generations/{id}/cancel", null, idempotencyKey);
        using var fresh = await PostAsync(http, $"/v1/generations/{id}/cancel", null, Guid.NewGuid().ToString());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(HttpStatusCode.Conflict, fresh.StatusCode);
    }

    [Fact]
    public async Task CreateGeneration_CallerGoneAfterJobStored_RetryReturnsSameGeneration()
    {
        var (tenantId, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        var idempotencyKey = Guid.NewGuid().ToString();
        using var abandoned = new CancellationTokenSource();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/generations") { Content = JsonContent.Create(Spec) };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        // Nothing renders here, so the wait outlasts the caller: it gives up once the job is stored.
        request.Headers.Add("Prefer", "wait=60");
        var first = http.SendAsync(request, abandoned.Token);
        await Poll.UntilAsync(() => CountGenerationsAsync(tenantId), n => n == 1, TimeSpan.FromSeconds(10), "the first job being stored");
        await abandoned.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);

        // 409 until the gateway has noticed the caller left; then the retry takes the key over.
        using var retry = await Poll.UntilAsync(
            () => PostAsync(http, "/v1/generations", Spec, idempotencyKey),
            r => r.StatusCode != HttpStatusCode.Conflict,
            TimeSpan.FromSeconds(10),
            "the abandoned request releasing its lock");

        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        var retried = (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        var stored = await connection.ExecuteScalarAsync<Guid>("select id from generations where tenant_id = @tenantId", new { tenantId });
        Assert.Equal(stored.ToString(), retried);
        Assert.Equal(1, await CountGenerationsAsync(tenantId));
    }
}
