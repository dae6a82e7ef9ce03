using Dapper;
using Mureka.Gateway.Data;
using Mureka.Gateway.Limits;
using Mureka.Gateway.Tests.Limits;
using Mureka.Gateway.Tests.Support;

namespace Mureka.Gateway.Tests.Batching;

/// <summary>A refused request's jobs are removed all together while all are queued, or not at all.</summary>
[Collection(StackCollection.Name)]
public sealed class RefusedRequestDeleteTests(StackFixture stack) : GatewayTestBase(stack)
{
    // Nothing claims these rows but the test itself.
    protected override void Configure(Dictionary<string, string?> settings) => settings["Gateway:DispatchEnabled"] = "false";
    [Fact]
    public async Task DeleteQueued_AllQueued_RemovesAll_OneClaimed_RemovesNone()
    {
        var (tenant, _) = await PlanFixtures.CreateTenantAsync(Gateway);
        var now = TimeProvider.System.GetUtcNow();
        var period = BillingPeriod.Containing(now);
        var first = Records(tenant, now, 3);
        var second = Records(tenant, now, 3);
        await Gateway.Repository.InsertWithinLimitsAsync(first, 6_000, period, null, CancellationToken.None);
        await Gateway.Repository.InsertWithinLimitsAsync(second, 6_000, period, null, CancellationToken.None);
        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("update generations set status = 'running' where id = @id", new { id = second[1].Id });

        var allQueued = await Gateway.Repository.DeleteQueuedAsync([.. first.Select(r => r.Id)], CancellationToken.None);
        var oneClaimed = await Gateway.Repository.DeleteQueuedAsync([.. second.Select(r => r.Id)], CancellationToken.None);

        Assert.True(allQueued);
        Assert.False(oneClaimed);
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("select count(*) from generations where id = any(@ids)", new { ids = first.Select(r => r.Id).ToArray() }));
        Assert.Equal(3, await connection.ExecuteScalarAsync<long>("select count(*) from generations where id = any(@ids)", new { ids = second.Select(r => r.Id).ToArray() }));
    }

    private static List<GenerationRecord> Records(Guid tenant, DateTimeOffset now, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => new GenerationRecord
        {
            Id = Guid.CreateVersion7(), TenantId = tenant, Status = "queued", Model = "mureka-compose-1", Request = "{}",
            Resolved = "{\"duration_ms\": 2000}", CreatedAt = now.UtcDateTime, UpdatedAt = now.UtcDateTime, DeadlineAt = now.UtcDateTime.AddMinutes(10),
        })];
}
