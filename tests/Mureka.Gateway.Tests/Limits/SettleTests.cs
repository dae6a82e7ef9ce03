using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Mureka.Gateway.Tests.Support;

namespace Mureka.Gateway.Tests.Limits;

/// <summary>A real render settles its reservation to the rendered milliseconds, once.</summary>
[Collection(StackCollection.Name)]
public sealed class SettleTests(StackFixture stack) : GatewayTestBase(stack)
{
    [Fact]
    public async Task CompleteGeneration_Succeeded_LedgerHoldsRenderedMsAndQuotaCountsThem()
    {
        var (tenant, key) = await PlanFixtures.CreateTenantAsync(Gateway, quotaMs: 20_000);
        using var http = Gateway.Http(key);
        var id = (await PostGenerationAsync(http, new { genre = "corporate-pop", duration_ms = 2_000 })).GetProperty("id").GetString()!;
        var done = await WaitForStatusAsync(http, id, "succeeded", RenderTimeout);
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        var renderedSeconds = done.GetProperty("rendered_seconds").GetDouble();

        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        var ledger = await connection.QuerySingleAsync<long>("select rendered_ms from usage_ledger where generation_id = @id", new { id = Guid.Parse(id) });
        var period = await connection.QuerySingleAsync<long>("select rendered_ms from usage_periods where tenant_id = @tenant", new { tenant });
        Assert.Equal(renderedSeconds * 1000, ledger);
        Assert.Equal(ledger, period);

        // Exactly the settled time is gone from the quota: one millisecond more than what is left is refused.
        var left = 20_000 - ledger;
        using (var refused = await http.PostAsJsonAsync("/v1/generations", new { genre = "corporate-pop", duration_ms = left + 1 }))
        {
            Assert.Equal(HttpStatusCode.PaymentRequired, refused.StatusCode);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(ledger / 1000.0, problem.GetProperty("used").GetDouble());
        }

        var last = (await PostGenerationAsync(http, new { genre = "corporate-pop", duration_ms = left })).GetProperty("id").GetString()!;
        await WaitForStatusAsync(http, last, "succeeded", RenderTimeout);
    }
}
