using System.Net;
using System.Net.Http.Json;
using System.Text;
using Dapper;
using Mureka.Gateway.Tests.Support;
using Mureka.Testing.Stripe;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Billing;

/// <summary>The gateway hosting billing: a real render billed through the outbox, a restart mid-outbox, and the webhook endpoint.</summary>
[Collection(StackCollection.Name)]
public sealed class BillingGatewayTests(StackFixture stack) : GatewayTestBase(stack), IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly FakeStripe _stripe = new();

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Billing:Stripe:ApiKey"] = "sk_test_gateway";
        settings["Billing:Stripe:ApiBase"] = _stripe.ApiBase;
        settings["Billing:Stripe:WebhookSecret"] = StripeEvents.Secret;
        settings["Billing:Stripe:RequestTimeout"] = "00:00:30";
        settings["Billing:PollInterval"] = "00:00:00.100";
        settings["Billing:RetryBaseDelay"] = "00:00:00.050";
        settings["Billing:RetryMaxDelay"] = "00:00:00.200";
        settings["Billing:BatchSize"] = "3";
    }

    public override async Task DisposeAsync()
    {
        _stripe.Release();
        await base.DisposeAsync();
    }

    public void Dispose() => _stripe.Dispose();

    [Fact]
    public async Task Generation_Succeeds_RenderedMillisecondsReachStripeOnce()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        var id = (await PostGenerationAsync(http, new { genre = "chiptune", duration_ms = 2000, seed = 7, format = "wav" })).GetProperty("id").GetString()!;
        await WaitForStatusAsync(http, id, "succeeded", RenderTimeout);
        var identifier = $"mureka-gen-{id}";

        var billed = await Poll.UntilAsync(() => Task.FromResult(_stripe.Billed), b => b.ContainsKey(identifier), Deadline, "meter event sent");

        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        var renderedMs = await connection.ExecuteScalarAsync<long>("select rendered_ms from usage_ledger where generation_id = @id", new { id = Guid.Parse(id) });
        Assert.Equal(renderedMs, billed[identifier]);
        Assert.Single(_stripe.MeterEventRequests, r => r.Form["identifier"] == identifier);
    }

    [Fact]
    public async Task Restart_WithRequestInFlightAndRowsPending_NothingLostNothingSentTwice()
    {
        var (tenantId, _, _) = await Gateway.CreateTenantAsync();
        _stripe.Mode = FakeStripeMode.Gated;
        var identifiers = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            identifiers.Add($"mureka-gen-{await InsertUsageAsync(tenantId, 1000 + i)}");
        }

        await Poll.UntilAsync(() => Task.FromResult(_stripe.InFlight), n => n == 1, Deadline, "a meter event in flight");
        var stopping = Gateway.DisposeAsync().AsTask();
        _stripe.Release();
        await stopping;
        _stripe.Mode = FakeStripeMode.Ok;
        await RestartGatewayAsync(alreadyDisposed: true);

        await Poll.UntilAsync(() => Task.FromResult(_stripe.Billed.Count), n => n == identifiers.Count, Deadline, "every row billed");
        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        await Poll.UntilAsync(() => connection.ExecuteScalarAsync<long>("select count(*) from billing_outbox where sent_at is null"), n => n == 0, Deadline, "outbox drained");

        Assert.Equal(identifiers.Order(StringComparer.Ordinal), _stripe.Billed.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(identifiers.Count, _stripe.MeterEventRequests.Count);
        Assert.Empty(_stripe.DuplicateIdentifiers);
    }

    [Fact]
    public async Task Webhook_PaymentFailedThenPaid_KeyRefusedThenAcceptedAgain()
    {
        var (tenantId, key, _) = await Gateway.CreateTenantAsync();
        await using (var connection = await Gateway.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("update tenants set stripe_customer_id = 'cus_gw' where id = @tenantId", new { tenantId });
        }

        using var api = Gateway.Http(key);
        using var anonymous = Gateway.Http(null);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/v1/generations")).StatusCode);

        using var failed = await PostWebhookAsync(anonymous, StripeEvents.Invoice("evt_gw_failed", "invoice.payment_failed", "cus_gw", DateTimeOffset.UtcNow));
        Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        await Poll.UntilAsync(async () => (await api.GetAsync("/v1/generations")).StatusCode, s => s == HttpStatusCode.Unauthorized, Deadline, "suspended tenant refused");

        using var paid = await PostWebhookAsync(anonymous, StripeEvents.Invoice("evt_gw_paid", "invoice.paid", "cus_gw", DateTimeOffset.UtcNow.AddSeconds(1)));
        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        await Poll.UntilAsync(async () => (await api.GetAsync("/v1/generations")).StatusCode, s => s == HttpStatusCode.OK, Deadline, "tenant active again");
    }

    [Theory]
    [InlineData("tampered")]
    [InlineData("stale")]
    public async Task Webhook_TamperedOrStale_400ProblemAndNothingChanged(string defect)
    {
        var (tenantId, key, _) = await Gateway.CreateTenantAsync();
        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("update tenants set stripe_customer_id = 'cus_gw2' where id = @tenantId", new { tenantId });
        var customer = defect == "tampered" ? "cus_other" : "cus_gw2";
        var payload = StripeEvents.Invoice("evt_gw_t", "invoice.payment_failed", customer, DateTimeOffset.UtcNow);
        var signature = StripeEvents.Sign(payload, defect == "stale" ? DateTimeOffset.UtcNow.AddMinutes(-6) : DateTimeOffset.UtcNow);
        using var anonymous = Gateway.Http(null);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/billing/stripe/webhook")
        {
            Content = new StringContent(payload.Replace(customer, "cus_gw2", StringComparison.Ordinal), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Stripe-Signature", signature);

        using var response = await anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal("The Stripe signature is invalid.", problem.GetProperty("title").GetString());
        Assert.True(await connection.ExecuteScalarAsync<bool>("select suspended_at is null from tenants where id = @tenantId", new { tenantId }));
        using var api = Gateway.Http(key);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/v1/generations")).StatusCode);
    }

    private static async Task<HttpResponseMessage> PostWebhookAsync(HttpClient http, string payload)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/billing/stripe/webhook") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.Add("Stripe-Signature", StripeEvents.Sign(payload, DateTimeOffset.UtcNow));
        return await http.SendAsync(request);
    }

    /// <summary>A succeeded generation and its ledger row, written the way the completion transaction writes them.</summary>
    private async Task<Guid> InsertUsageAsync(Guid tenantId, long renderedMs)
    {
        var id = Guid.NewGuid();
        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync(
            """
            insert into generations (id, tenant_id, status, model, request, resolved, created_at, updated_at, deadline_at, rendered_ms)
            values (@id, @tenantId, 'succeeded', 'mureka-compose-1', '{}', '{}', now(), now(), now(), @renderedMs)
            """, new { id, tenantId, renderedMs }, transaction);
        await connection.ExecuteAsync(
            "insert into usage_ledger (tenant_id, generation_id, model, rendered_ms, recorded_at) values (@tenantId, @id, 'mureka-compose-1', @renderedMs, now())",
            new { tenantId, id, renderedMs }, transaction);
        await transaction.CommitAsync();
        return id;
    }
}
