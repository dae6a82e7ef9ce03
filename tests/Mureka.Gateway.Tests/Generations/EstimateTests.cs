using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Mureka.Accounts;
using Mureka.Contracts.Api.V1;
using Mureka.Gateway.Problems;
using Mureka.Gateway.Tests.Limits;
using Mureka.Gateway.Tests.Problems;
using Mureka.Gateway.Tests.Support;

namespace Mureka.Gateway.Tests.Generations;

/// <summary>Cost estimates: what a body would bill and cost before anything renders, and the render billing exactly that.</summary>
[Collection(StackCollection.Name)]
public sealed class EstimateTests(StackFixture stack) : GatewayTestBase(stack)
{
    [Fact]
    public async Task PricedPlan_SecondsTimesPrice_NothingStored_AndTheRenderBillsExactlyTheEstimate()
    {
        var plan = await PlanFixtures.CreatePlanAsync(Gateway);
        await new PlansService(Gateway.DataSource).SetPriceAsync(plan, "usd", 0.02m);
        var (_, key, _) = await Gateway.CreateTenantAsync(plan);
        using var http = Gateway.Http(key);
        var body = new { genre = "jazz", duration_ms = 3000, seed = 5 };

        using var response = await http.PostAsJsonAsync("/v1/generations/estimate", body);
        var estimate = await response.Content.ReadFromJsonAsync<JsonElement>();
        var before = await GenerationListing.IdsAsync(http, "");
        var created = await PostGenerationAsync(http, body);
        var done = await WaitForStatusAsync(http, created.GetProperty("id").GetString()!, "succeeded", RenderTimeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(before);
        Assert.Equal("jazz", estimate.GetProperty("resolved").GetProperty("genre").GetString());
        Assert.True(estimate.GetProperty("livemode").GetBoolean());
        Assert.Equal(3.0, estimate.GetProperty("billable_seconds").GetDouble());
        var price = estimate.GetProperty("price");
        Assert.Equal(("usd", 0.02m, 0.06m), (price.GetProperty("currency").GetString(), price.GetProperty("per_second").GetDecimal(), price.GetProperty("amount").GetDecimal()));
        var quota = estimate.GetProperty("quota");
        Assert.Equal((3600.0, 0.0, 3600.0, "block", true), (quota.GetProperty("limit_seconds").GetDouble(), quota.GetProperty("used_seconds").GetDouble(),
            quota.GetProperty("remaining_seconds").GetDouble(), quota.GetProperty("overage_policy").GetString(), quota.GetProperty("within_quota").GetBoolean()));
        // The create repeats the estimate; the render bills exactly it.
        Assert.Equal(3.0, created.GetProperty("billable_seconds").GetDouble());
        Assert.Equal(3.0, done.GetProperty("rendered_seconds").GetDouble());
    }

    [Fact]
    public async Task LoopAtAFixedTempo_EstimateIsTheWholeBarsItRenders_AndUsageShowsWhatWasBilledAgainstIt()
    {
        var (_, key) = await PlanFixtures.CreateTenantAsync(Gateway);
        using var http = Gateway.Http(key);
        // 8 s at 140 bpm in 4/4 is 4.67 bars: the loop renders 5 bars, 8.571 s, and that is what it bills.
        var body = new { genre = "chiptune", bpm = 140, duration_ms = 8000, loop = true, seed = 3 };

        var estimate = await (await http.PostAsJsonAsync("/v1/generations/estimate", body)).Content.ReadFromJsonAsync<JsonElement>();
        var created = await PostGenerationAsync(http, body);
        var done = await WaitForStatusAsync(http, created.GetProperty("id").GetString()!, "succeeded", RenderTimeout);
        var today = DateTime.UtcNow.Date;
        var usage = await http.GetFromJsonAsync<JsonElement>($"/v1/usage?from={today:yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}&granularity=day");

        Assert.Equal(8.571, estimate.GetProperty("billable_seconds").GetDouble());
        Assert.Equal(8.571, created.GetProperty("billable_seconds").GetDouble());
        Assert.Equal(8.571, done.GetProperty("rendered_seconds").GetDouble());
        Assert.Equal(8.571m, usage.GetProperty("total_rendered_seconds").GetDecimal());
        Assert.Equal(8.571m, usage.GetProperty("total_estimated_seconds").GetDecimal());
        Assert.Equal(8.571m, usage.GetProperty("data")[0].GetProperty("estimated_seconds").GetDecimal());
    }

    [Fact]
    public async Task TestKey_BillsNothing()
    {
        var plan = await PlanFixtures.CreatePlanAsync(Gateway);
        await new PlansService(Gateway.DataSource).SetPriceAsync(plan, "eur", 0.015m);
        var (tenant, _, _) = await Gateway.CreateTenantAsync(plan);
        using var http = Gateway.Http(await Gateway.CreateTestKeyAsync(tenant));

        var estimate = await (await http.PostAsJsonAsync("/v1/generations/estimate", new { genre = "rock", duration_ms = 10_000 })).Content.ReadFromJsonAsync<JsonElement>();
        var created = await PostGenerationAsync(http, new { genre = "rock", duration_ms = 10_000 });

        Assert.False(estimate.GetProperty("livemode").GetBoolean());
        Assert.Equal(0.0, estimate.GetProperty("billable_seconds").GetDouble());
        Assert.Equal(0m, estimate.GetProperty("price").GetProperty("amount").GetDecimal());
        Assert.True(estimate.GetProperty("quota").GetProperty("within_quota").GetBoolean());
        Assert.Equal(0.0, created.GetProperty("billable_seconds").GetDouble());
    }

    [Fact]
    public async Task UnpricedPlan_NoPrice_AndAShortfallOfQuotaReported()
    {
        var (_, key) = await PlanFixtures.CreateTenantAsync(Gateway, quotaMs: 2000);
        using var http = Gateway.Http(key);

        var estimate = await (await http.PostAsJsonAsync("/v1/generations/estimate", new { genre = "house", duration_ms = 3000 })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.False(estimate.TryGetProperty("price", out _));
        Assert.Equal(2.0, estimate.GetProperty("quota").GetProperty("remaining_seconds").GetDouble());
        Assert.False(estimate.GetProperty("quota").GetProperty("within_quota").GetBoolean());
    }

    [Theory]
    [InlineData("{}", "prompt")]
    [InlineData("""{"genre": "jazz", "duration_ms": 999999999}""", "duration_ms")]
    [InlineData("""{"genre": "jazz", "title": "a\u0000b"}""", "title")]
    [InlineData("""{"genre": "jazz", "bogus": 1}""", "bogus")]
    public async Task InvalidBody_TheErrorsACreateWouldGive(string body, string field)
    {
        var (_, key, _) = await Gateway.CreateTenantAsync("pro");
        using var http = Gateway.Http(key);

        using var response = await http.PostAsync("/v1/generations/estimate", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await ProblemAssert.ResponseAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    [Fact]
    public async Task LongerThanThePlanAllows_Refused()
    {
        var (_, key) = await PlanFixtures.CreateTenantAsync(Gateway, maxDurationMs: 10_000);
        using var http = Gateway.Http(key);

        using var response = await http.PostAsJsonAsync("/v1/generations/estimate", new { genre = "jazz", duration_ms = 20_000 });

        var problem = await ProblemAssert.ResponseAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("duration_ms", out _));
    }

    [Fact]
    public async Task Grpc_SameEstimate_PricesAsExactDecimalStrings()
    {
        var plan = await PlanFixtures.CreatePlanAsync(Gateway);
        await new PlansService(Gateway.DataSource).SetPriceAsync(plan, "usd", 0.000125m);
        var (_, key, _) = await Gateway.CreateTenantAsync(plan);
        var auth = GatewayInstance.Auth(key);

        var estimate = await Gateway.Grpc.EstimateGenerationAsync(new EstimateGenerationRequest { Spec = new GenerationSpec { Genre = "ambient", DurationMs = 30_000 } }, auth);
        var bad = await Assert.ThrowsAsync<RpcException>(async () =>
            await Gateway.Grpc.EstimateGenerationAsync(new EstimateGenerationRequest { Spec = new GenerationSpec { Genre = "polka" } }, auth));

        Assert.Equal(30.0, estimate.BillableSeconds);
        Assert.Equal(("usd", "0.000125", "0.003750"), (estimate.Price.Currency, estimate.Price.PerSecond, estimate.Price.Amount));
        Assert.True(estimate.Quota.WithinQuota);
        Assert.Equal("ambient", estimate.Resolved.Genre);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Contains("genre", bad.Status.Detail, StringComparison.Ordinal);
    }
}
