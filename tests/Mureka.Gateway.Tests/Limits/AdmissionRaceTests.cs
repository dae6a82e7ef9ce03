using Mureka.Gateway.Data;
using Mureka.Gateway.Limits;
using Mureka.Gateway.Tests.Support;

namespace Mureka.Gateway.Tests.Limits;

/// <summary>Admissions of one tenant racing straight at PostgreSQL, without the HTTP stack spreading them out.</summary>
[Collection(StackCollection.Name)]
public sealed class AdmissionRaceTests(StackFixture stack) : GatewayTestBase(stack)
{
    protected override void Configure(Dictionary<string, string?> settings) => settings["Gateway:DispatchEnabled"] = "false";

    [Fact]
    public async Task InsertWithinLimits_ManyParallelAdmissions_AcceptExactlyWhatFits()
    {
        var (tenant, _) = await PlanFixtures.CreateTenantAsync(Gateway, quotaMs: 95_000);
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var period = BillingPeriod.Containing(now);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // 48 admissions of 5 s against 95 s: exactly 19 fit, however they interleave.
        var admissions = Enumerable.Range(0, 48).Select(_ => Task.Run(async () =>
        {
            var record = new GenerationRecord
            {
                Id = Guid.NewGuid(), TenantId = tenant, Status = "queued", Model = "mureka-compose-1", Request = "{}",
                Resolved = "{\"duration_ms\": 5000}", CreatedAt = now, UpdatedAt = now, DeadlineAt = now.AddMinutes(10),
            };
            await start.Task;
            try
            {
                await Gateway.Repository.InsertWithinLimitsAsync([record], 5_000, period, null, CancellationToken.None);
                return true;
            }
            catch (LimitExceededException)
            {
                return false;
            }
        })).ToList();
        start.SetResult();
        var outcomes = await Task.WhenAll(admissions);

        Assert.Equal(19, outcomes.Count(accepted => accepted));
    }
}
