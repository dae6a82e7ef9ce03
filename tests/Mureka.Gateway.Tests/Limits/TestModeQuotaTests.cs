using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Mureka.Contracts.Api.V1;
using Mureka.Gateway.Tests.Support;

namespace Mureka.Gateway.Tests.Limits;

/// <summary>Admission of test-mode generations: no quota, but the same concurrency limit; an optional shorter track limit. Dispatch is off, so jobs stay reserved.</summary>
[Collection(StackCollection.Name)]
public sealed class TestModeQuotaTests(StackFixture stack) : GatewayTestBase(stack)
{
    protected override void Configure(Dictionary<string, string?> settings) => settings["Gateway:DispatchEnabled"] = "false";

    [Fact]
    public async Task CreateGeneration_TestKeyPastQuota_AcceptedAndReservesNothing()
    {
        var (tenant, liveKey) = await PlanFixtures.CreateTenantAsync(Gateway, quotaMs: 5_000);
        using var test = Gateway.Http(await Gateway.CreateTestKeyAsync(tenant));
        using var live = Gateway.Http(liveKey);

        var testJob = await PostGenerationAsync(test, new { genre = "corporate-pop", duration_ms = 10_000 });
        var liveJob = await PostGenerationAsync(live, new { genre = "corporate-pop", duration_ms = 5_000 });
        using var refused = await live.PostAsJsonAsync("/v1/generations", new { genre = "corporate-pop", duration_ms = 1_000 });

        Assert.False(testJob.GetProperty("livemode").GetBoolean());
        Assert.True(liveJob.GetProperty("livemode").GetBoolean());
        Assert.Equal(HttpStatusCode.PaymentRequired, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(5, problem.GetProperty("used").GetDouble());
        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        var stored = (await connection.QueryAsync<(Guid Id, bool Livemode)>("select id, livemode from generations where tenant_id = @tenant", new { tenant })).ToDictionary(r => r.Id.ToString(), r => r.Livemode);
        Assert.False(stored[testJob.GetProperty("id").GetString()!]);
        Assert.True(stored[liveJob.GetProperty("id").GetString()!]);
    }

    [Fact]
    public async Task CreateGeneration_TestKeyAtConcurrencyLimit_429()
    {
        var (tenant, liveKey) = await PlanFixtures.CreateTenantAsync(Gateway, maxConcurrentJobs: 1);
        using var test = Gateway.Http(await Gateway.CreateTestKeyAsync(tenant));
        using var live = Gateway.Http(liveKey);
        await PostGenerationAsync(test, new { genre = "corporate-pop", duration_ms = 2_000 });

        using var refused = await live.PostAsJsonAsync("/v1/generations", new { genre = "corporate-pop", duration_ms = 2_000 });

        // Test jobs occupy hosts like live ones, so they count towards the plan's concurrent jobs.
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("concurrent_jobs", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("limit").GetString());
    }

    [Fact]
    public async Task CreateGeneration_TestKeyLongerThanPlanAllowsTestKeys_400NamingDuration()
    {
        var plan = await PlanFixtures.CreatePlanAsync(Gateway, maxDurationMs: 60_000);
        await using (var connection = await Gateway.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("update plans set test_max_duration_ms = 5000 where id = @plan", new { plan });
        }

        var (tenant, liveKey, _) = await Gateway.CreateTenantAsync(plan);
        using var test = Gateway.Http(await Gateway.CreateTestKeyAsync(tenant));
        using var live = Gateway.Http(liveKey);

        using var refused = await test.PostAsJsonAsync("/v1/generations", new { genre = "corporate-pop", duration_ms = 6_000 });
        await PostGenerationAsync(test, new { genre = "corporate-pop", duration_ms = 5_000 });
        await PostGenerationAsync(live, new { genre = "corporate-pop", duration_ms = 6_000 });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var message = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("duration_ms")[0].GetString();
        Assert.Contains("5000 ms for test keys", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateGeneration_OverGrpc_LivemodeFollowsTheKey()
    {
        var (tenant, liveKey) = await PlanFixtures.CreateTenantAsync(Gateway);
        var testKey = await Gateway.CreateTestKeyAsync(tenant);
        var request = new CreateGenerationRequest { Spec = new GenerationSpec { Genre = "corporate-pop", DurationMs = 2_000 } };

        var viaTest = await Gateway.Grpc.CreateGenerationAsync(request, GatewayInstance.Auth(testKey));
        var viaLive = await Gateway.Grpc.CreateGenerationAsync(request, GatewayInstance.Auth(liveKey));
        var listed = await Gateway.Grpc.ListGenerationsAsync(new ListGenerationsRequest(), GatewayInstance.Auth(liveKey));

        Assert.False(viaTest.Generation.Livemode);
        Assert.True(viaLive.Generation.Livemode);
        Assert.Equal(
            new Dictionary<string, bool> { [viaTest.Generation.Id] = false, [viaLive.Generation.Id] = true },
            listed.Generations.ToDictionary(g => g.Id, g => g.Livemode));
    }
}
