using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Mureka.Contracts.Api.V1;
using Mureka.Gateway.Tests.Limits;
using Mureka.Gateway.Tests.Support;
using Mureka.Gateway.Tests.Webhooks;
using Mureka.Webhooks;

namespace Mureka.Gateway.Tests.Billing;

/// <summary>
/// The same real render with a test and with a live key: only the live one reaches the billing outbox and the quota, and
/// each says which it is over REST, gRPC and its webhook. Without a Stripe key the outbox only fills, so its rows stay to be counted.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class TestModeRenderTests(StackFixture stack) : WebhookReceiverTestBase(stack)
{
    private const long QuotaMs = 3_000;
    private const int DurationMs = 2_000;

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Gateway:Webhooks:AllowInsecureLoopback"] = "true";
        settings["Gateway:Webhooks:PollInterval"] = "00:00:00.100";
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Render_TestOrLiveKey_BilledCountedAndLabelledAsTheKey(bool live)
    {
        var plan = await PlanFixtures.CreatePlanAsync(Gateway, quotaMs: QuotaMs);
        var (tenant, liveKey, _) = await Gateway.CreateTenantAsync(plan);
        var key = live ? liveKey : await Gateway.CreateTestKeyAsync(tenant);
        using var http = Gateway.Http(key);
        var (_, secret) = await WebhookTestSupport.RegisterAsync(http, Receiver.Url, WebhookEventTypes.GenerationSucceeded);

        var created = await PostGenerationAsync(http, new { genre = "chiptune", duration_ms = DurationMs, seed = 11, format = "wav" });
        var id = created.GetProperty("id").GetString()!;
        var finished = await WaitForStatusAsync(http, id, "succeeded", RenderTimeout);

        // Rendered like any other generation, and labelled on every surface.
        Assert.Equal("succeeded", finished.GetProperty("status").GetString());
        Assert.Contains(finished.GetProperty("audio").EnumerateArray(), a => a.GetProperty("name").GetString() == "mix");
        Assert.Equal(live, created.GetProperty("livemode").GetBoolean());
        Assert.Equal(live, finished.GetProperty("livemode").GetBoolean());
        var viaGrpc = await Gateway.Grpc.GetGenerationAsync(new GetGenerationRequest { Id = id }, GatewayInstance.Auth(key));
        Assert.Equal(live, viaGrpc.Generation.Livemode);
        var received = Assert.Single(await WebhookTestSupport.WaitForEventsAsync(Receiver, _ => true, 1, TimeSpan.FromSeconds(15), "the succeeded event"));
        var webhook = await WebhookTestSupport.AssertValidEventAsync(http, received, secret, WebhookEventTypes.GenerationSucceeded, id);
        Assert.Equal(live, webhook.GetProperty("livemode").GetBoolean());
        Assert.Equal(live, webhook.GetProperty("data").GetProperty("generation").GetProperty("livemode").GetBoolean());

        // Recorded either way; billed and settled into the quota only when live.
        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        var ledger = await connection.QuerySingleAsync<(long RenderedMs, bool Livemode)>(
            "select rendered_ms, livemode from usage_ledger where generation_id = @id", new { id = Guid.Parse(id) });
        Assert.True(ledger.RenderedMs > 0);
        Assert.Equal(live, ledger.Livemode);
        var billedMs = await connection.QuerySingleOrDefaultAsync<long?>(
            "select o.value_ms from billing_outbox o join usage_ledger l on l.id = o.ledger_id where l.generation_id = @id", new { id = Guid.Parse(id) });
        Assert.Equal(live ? ledger.RenderedMs : null, billedMs);
        Assert.Equal(live ? 1 : 0, await connection.ExecuteScalarAsync<long>("select count(*) from billing_outbox where tenant_id = @tenant", new { tenant }));
        var settledMs = await connection.ExecuteScalarAsync<long>("select coalesce(sum(rendered_ms), 0) from usage_periods where tenant_id = @tenant", new { tenant });
        Assert.Equal(live ? ledger.RenderedMs : 0, settledMs);

        using var liveHttp = Gateway.Http(liveKey);
        var usage = await liveHttp.GetFromJsonAsync<JsonElement>("/v1/usage");
        Assert.Equal(live ? ledger.RenderedMs / 1000.0 : 0, usage.GetProperty("total_rendered_seconds").GetDouble(), 3);

        // The 3 s quota has room for another 2 s live track only when the first render spent none of it.
        using var next = await liveHttp.PostAsJsonAsync("/v1/generations", new { genre = "chiptune", duration_ms = DurationMs });
        Assert.Equal(live ? HttpStatusCode.PaymentRequired : HttpStatusCode.Accepted, next.StatusCode);
        if (next.StatusCode == HttpStatusCode.Accepted)
        {
            // Not needed any further: stop it rather than render it.
            var nextId = (await next.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
            using var cancel = await liveHttp.PostAsync($"/v1/generations/{nextId}/cancel", null);
        }
    }
}
