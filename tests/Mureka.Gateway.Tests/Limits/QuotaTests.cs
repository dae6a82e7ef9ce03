using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Grpc.Core;
using Mureka.Contracts.Api.V1;
using Mureka.Gateway.Tests.Support;

namespace Mureka.Gateway.Tests.Limits;

/// <summary>The rendered-seconds quota, concurrency and track-length limits at admission. Jobs stay queued (dispatch off), so they stay reserved.</summary>
[Collection(StackCollection.Name)]
public sealed class QuotaTests(StackFixture stack) : GatewayTestBase(stack)
{
    protected override void Configure(Dictionary<string, string?> settings) => settings["Gateway:DispatchEnabled"] = "false";

    [Fact]
    public async Task CreateGeneration_ParallelRequestsAgainstNearlyExhaustedQuota_NeverOverspend()
    {
        // 95 s left: at most nine 10 s jobs fit, however the 40 requests interleave.
        var (tenant, key) = await PlanFixtures.CreateTenantAsync(Gateway, quotaMs: 95_000);
        using var http = Gateway.Http(key);

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(async _ =>
        {
            using var response = await http.PostAsJsonAsync("/v1/generations", new { genre = "corporate-pop", duration_ms = 10_000 });
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
        }));

        var accepted = responses.Count(r => r.StatusCode == HttpStatusCode.Accepted);
        Assert.Equal(9, accepted);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Accepted), r =>
        {
            Assert.Equal(HttpStatusCode.PaymentRequired, r.StatusCode);
            Assert.Equal("application/problem+json", r.MediaType);
            var problem = JsonDocument.Parse(r.Body).RootElement;
            Assert.Equal("/docs/problems/quota-exceeded", problem.GetProperty("type").GetString());
            Assert.Equal("rendered_seconds", problem.GetProperty("limit").GetString());
            Assert.Equal(95, problem.GetProperty("limit_value").GetDouble());
            Assert.Equal(90, problem.GetProperty("used").GetDouble());
            Assert.Equal(10, problem.GetProperty("requested").GetDouble());
            var resetsAt = DateTimeOffset.Parse(problem.GetProperty("resets_at").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            var now = DateTimeOffset.UtcNow;
            Assert.Equal(new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1), resetsAt);
        });
        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        var reserved = await connection.ExecuteScalarAsync<long>(
            "select coalesce(sum((resolved->>'duration_ms')::bigint), 0) from generations where tenant_id = @tenant", new { tenant });
        Assert.Equal(90_000, reserved);
    }

    [Fact]
    public async Task CreateGeneration_QuotaExhaustedOverGrpc_ResourceExhaustedWithQuotaFailure()
    {
        var (_, key) = await PlanFixtures.CreateTenantAsync(Gateway, quotaMs: 5_000);

        var e = await Assert.ThrowsAsync<RpcException>(() => Gateway.Grpc.CreateGenerationAsync(
            new CreateGenerationRequest { Spec = new GenerationSpec { Genre = "corporate-pop", DurationMs = 10_000 } }, GatewayInstance.Auth(key)).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
        var details = RichDetails.Parse(e.Trailers.GetValueBytes("grpc-status-details-bin")!);
        Assert.Equal((int)StatusCode.ResourceExhausted, details.Code);
        Assert.Equal(["rendered_seconds"], details.QuotaSubjects);
        Assert.Equal("QUOTA_EXCEEDED", details.Reason);
        Assert.Equal("5", details.Metadata["limit_value"]);
        Assert.Equal("10", details.Metadata["requested"]);
        Assert.True(DateTimeOffset.TryParse(details.Metadata["resets_at"], System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.True(details.RetryDelaySeconds >= 1);
    }

    [Fact]
    public async Task CreateGeneration_OverageBilled_AcceptedPastQuota()
    {
        var (tenant, key) = await PlanFixtures.CreateTenantAsync(Gateway, quotaMs: 5_000, overagePolicy: "bill");
        using var http = Gateway.Http(key);

        await PostGenerationAsync(http, new { genre = "corporate-pop", duration_ms = 10_000 });
        await PostGenerationAsync(http, new { genre = "corporate-pop", duration_ms = 10_000 });

        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        Assert.Equal(2, await connection.ExecuteScalarAsync<long>("select count(*) from generations where tenant_id = @tenant", new { tenant }));
    }

    [Fact]
    public async Task CreateGeneration_AfterCancel_ReservationReleased()
    {
        var (_, key) = await PlanFixtures.CreateTenantAsync(Gateway, quotaMs: 15_000);
        using var http = Gateway.Http(key);
        var first = (await PostGenerationAsync(http, new { genre = "corporate-pop", duration_ms = 10_000 })).GetProperty("id").GetString()!;
        using (var refused = await http.PostAsJsonAsync("/v1/generations", new { genre = "corporate-pop", duration_ms = 10_000 }))
        {
            Assert.Equal(HttpStatusCode.PaymentRequired, refused.StatusCode);
        }

        using var cancel = await http.PostAsync($"/v1/generations/{first}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);

        await PostGenerationAsync(http, new { genre = "corporate-pop", duration_ms = 10_000 });
    }

    [Fact]
    public async Task CreateGeneration_AfterFailure_ReservationReleased()
    {
        var (_, key) = await PlanFixtures.CreateTenantAsync(Gateway, quotaMs: 15_000);
        using var http = Gateway.Http(key);
        var first = Guid.Parse((await PostGenerationAsync(http, new { genre = "corporate-pop", duration_ms = 10_000 })).GetProperty("id").GetString()!);
        using (var refused = await http.PostAsJsonAsync("/v1/generations", new { genre = "corporate-pop", duration_ms = 10_000 }))
        {
            Assert.Equal(HttpStatusCode.PaymentRequired, refused.StatusCode);
        }

        // The dispatcher's own failure path (host error, deadline).
        Assert.True(await Gateway.Repository.FailAsync(first, "the host failed", DateTimeOffset.UtcNow, CancellationToken.None));

        await PostGenerationAsync(http, new { genre = "corporate-pop", duration_ms = 10_000 });
    }

    [Fact]
    public async Task CreateGeneration_ConcurrencyLimitReached_429WithRetryAfter()
    {
        var (_, key) = await PlanFixtures.CreateTenantAsync(Gateway, maxConcurrentJobs: 2);
        using var http = Gateway.Http(key);
        await PostGenerationAsync(http, new { genre = "corporate-pop", duration_ms = 2_000 });
        await PostGenerationAsync(http, new { genre = "corporate-pop", duration_ms = 2_000 });

        using var refused = await http.PostAsJsonAsync("/v1/generations", new { genre = "corporate-pop", duration_ms = 2_000 });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("concurrent_jobs", problem.GetProperty("limit").GetString());
        Assert.Equal(2, problem.GetProperty("limit_value").GetDouble());
    }

    [Fact]
    public async Task CreateGeneration_LongerThanPlanAllows_400NamingDuration()
    {
        var (tenant, key) = await PlanFixtures.CreateTenantAsync(Gateway, maxDurationMs: 5_000);
        using var http = Gateway.Http(key);

        using var response = await http.PostAsJsonAsync("/v1/generations", new { genre = "corporate-pop", duration_ms = 6_000 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("5000", problem.GetProperty("errors").GetProperty("duration_ms")[0].GetString(), StringComparison.Ordinal);
        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("select count(*) from generations where tenant_id = @tenant", new { tenant }));
    }
}
