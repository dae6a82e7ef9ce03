using Dapper;
using Mureka.Gateway.Tests.Support;

namespace Mureka.Gateway.Tests.Limits;

/// <summary>Plans made for one test, so each limit can be set small enough to reach.</summary>
internal static class PlanFixtures
{
    public static async Task<string> CreatePlanAsync(
        GatewayInstance gateway, long quotaMs = 3_600_000, int maxConcurrentJobs = 100, int requestsPerMinute = 100_000, string overagePolicy = "block", int maxDurationMs = 300_000)
    {
        var id = "test-" + Guid.NewGuid().ToString("N")[..8];
        await using var connection = await gateway.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            insert into plans (id, name, max_duration_ms, max_concurrent_jobs, priority, quota_ms, requests_per_minute, overage_policy)
            values (@id, @id, @maxDurationMs, @maxConcurrentJobs, 1, @quotaMs, @requestsPerMinute, @overagePolicy)
            """, new { id, maxDurationMs, maxConcurrentJobs, quotaMs, requestsPerMinute, overagePolicy });
        return id;
    }

    public static async Task<(Guid TenantId, string Key)> CreateTenantAsync(
        GatewayInstance gateway, long quotaMs = 3_600_000, int maxConcurrentJobs = 100, int requestsPerMinute = 100_000, string overagePolicy = "block", int maxDurationMs = 300_000)
    {
        var plan = await CreatePlanAsync(gateway, quotaMs, maxConcurrentJobs, requestsPerMinute, overagePolicy, maxDurationMs);
        var (tenant, key, _) = await gateway.CreateTenantAsync(plan);
        return (tenant, key);
    }
}
