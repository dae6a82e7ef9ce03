using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Mureka.Accounts;
using Mureka.Billing.Tests.Support;
using Mureka.Billing.Webhooks;
using Mureka.Testing.Stripe;

namespace Mureka.Billing.Tests.Webhooks;

[Collection(DatabaseCollection.Name)]
public sealed class StripeWebhookHandlerTests(DatabaseFixture fixture)
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Handle_ValidPaymentFailed_SuspendsTenantForPayment()
    {
        var (db, handler, tenant) = await SetUpAsync();
        var payload = StripeEvents.Invoice("evt_pf1", "invoice.payment_failed", "cus_hook", _time.GetUtcNow());

        var outcome = await handler.HandleAsync(payload, StripeEvents.Sign(payload, _time.GetUtcNow()), CancellationToken.None);

        Assert.Equal(WebhookOutcome.Applied, outcome);
        Assert.Equal("payment_failed", await db.ScalarAsync<string>("select suspended_reason from tenants where id = @tenant", new { tenant }));
        Assert.True(await db.ScalarAsync<bool>("select suspended_at is not null from tenants where id = @tenant", new { tenant }));
    }

    [Fact]
    public async Task Handle_TamperedPayload_RefusedAndNothingChanged()
    {
        var (db, handler, tenant) = await SetUpAsync();
        var payload = StripeEvents.Invoice("evt_t1", "invoice.payment_failed", "cus_hook", _time.GetUtcNow());
        var signature = StripeEvents.Sign(payload, _time.GetUtcNow());
        var tampered = payload.Replace("cus_hook", "cus_other", StringComparison.Ordinal);

        var outcome = await handler.HandleAsync(tampered, signature, CancellationToken.None);

        Assert.Equal(WebhookOutcome.InvalidSignature, outcome);
        Assert.True(await db.ScalarAsync<bool>("select suspended_at is null from tenants where id = @tenant", new { tenant }));
        Assert.Equal(0, await db.ScalarAsync<long>("select count(*) from stripe_webhook_events"));
    }

    [Theory]
    [InlineData("whsec_someone_else")]
    [InlineData(null)]
    public async Task Handle_WrongSecretOrNoSignature_Refused(string? signingSecret)
    {
        var (db, handler, _) = await SetUpAsync();
        var payload = StripeEvents.Invoice("evt_w1", "invoice.payment_failed", "cus_hook", _time.GetUtcNow());

        var outcome = await handler.HandleAsync(payload, signingSecret is null ? null : StripeEvents.Sign(payload, _time.GetUtcNow(), signingSecret), CancellationToken.None);

        Assert.Equal(WebhookOutcome.InvalidSignature, outcome);
        Assert.Equal(0, await db.ScalarAsync<long>("select count(*) from stripe_webhook_events"));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("t=notanumber,v1=abcdef")]
    [InlineData("v1=abcdef")]
    [InlineData("t=1795507200")]
    [InlineData("")]
    public async Task Handle_MalformedSignatureHeader_Refused(string header)
    {
        var (db, handler, _) = await SetUpAsync();
        var payload = StripeEvents.Invoice("evt_m1", "invoice.payment_failed", "cus_hook", _time.GetUtcNow());

        var outcome = await handler.HandleAsync(payload, header, CancellationToken.None);

        Assert.Equal(WebhookOutcome.InvalidSignature, outcome);
        Assert.Equal(0, await db.ScalarAsync<long>("select count(*) from stripe_webhook_events"));
    }

    [Fact]
    public async Task Handle_SignatureOlderThanTolerance_Refused()
    {
        var (db, handler, tenant) = await SetUpAsync();
        var signedAt = _time.GetUtcNow();
        var payload = StripeEvents.Invoice("evt_s1", "invoice.payment_failed", "cus_hook", signedAt);
        var signature = StripeEvents.Sign(payload, signedAt);
        _time.Advance(TimeSpan.FromSeconds(301));

        var outcome = await handler.HandleAsync(payload, signature, CancellationToken.None);

        Assert.Equal(WebhookOutcome.InvalidSignature, outcome);
        Assert.True(await db.ScalarAsync<bool>("select suspended_at is null from tenants where id = @tenant", new { tenant }));
    }

    [Fact]
    public async Task Handle_SameEventTwice_AppliedOnce()
    {
        var (_, handler, _) = await SetUpAsync();
        var payload = StripeEvents.Invoice("evt_d1", "invoice.payment_failed", "cus_hook", _time.GetUtcNow());
        var signature = StripeEvents.Sign(payload, _time.GetUtcNow());

        Assert.Equal(WebhookOutcome.Applied, await handler.HandleAsync(payload, signature, CancellationToken.None));
        Assert.Equal(WebhookOutcome.Ignored, await handler.HandleAsync(payload, signature, CancellationToken.None));
    }

    [Fact]
    public async Task Handle_InvoicePaid_LiftsPaymentSuspensionButNotAnOperatorOne()
    {
        var (db, handler, tenant) = await SetUpAsync();
        var other = await db.CreateTenantAsync("operator suspended", stripeCustomerId: "cus_op");
        await db.ScalarAsync<int>("update tenants set suspended_at = now() where id = @other", new { other });
        await SendAsync(handler, StripeEvents.Invoice("evt_f", "invoice.payment_failed", "cus_hook", _time.GetUtcNow()));
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(WebhookOutcome.Applied, await SendAsync(handler, StripeEvents.Invoice("evt_p", "invoice.paid", "cus_hook", _time.GetUtcNow())));
        await SendAsync(handler, StripeEvents.Invoice("evt_p2", "invoice.paid", "cus_op", _time.GetUtcNow()));

        Assert.True(await db.ScalarAsync<bool>("select suspended_at is null and suspended_reason is null from tenants where id = @tenant", new { tenant }));
        Assert.True(await db.ScalarAsync<bool>("select suspended_at is not null from tenants where id = @other", new { other }));
    }

    [Fact]
    public async Task Handle_InvoicePaidAfterOperatorConfirmedSuspension_StaysSuspended()
    {
        var (db, handler, tenant) = await SetUpAsync();
        await SendAsync(handler, StripeEvents.Invoice("evt_f", "invoice.payment_failed", "cus_hook", _time.GetUtcNow()));
        await new AccountsService(db.DataSource, _time).SetSuspendedAsync(tenant, suspended: true);
        _time.Advance(TimeSpan.FromMinutes(1));

        await SendAsync(handler, StripeEvents.Invoice("evt_p", "invoice.paid", "cus_hook", _time.GetUtcNow()));

        Assert.True(await db.ScalarAsync<bool>("select suspended_at is not null and suspended_reason is null from tenants where id = @tenant", new { tenant }));
    }

    [Fact]
    public async Task Handle_PaidArrivesBeforeOlderPaymentFailed_StaysActive()
    {
        var (db, handler, tenant) = await SetUpAsync();
        var failedAt = _time.GetUtcNow();
        await SendAsync(handler, StripeEvents.Invoice("evt_new", "invoice.paid", "cus_hook", failedAt.AddMinutes(1)));

        var outcome = await SendAsync(handler, StripeEvents.Invoice("evt_old", "invoice.payment_failed", "cus_hook", failedAt));

        Assert.Equal(WebhookOutcome.Ignored, outcome);
        Assert.True(await db.ScalarAsync<bool>("select suspended_at is null from tenants where id = @tenant", new { tenant }));
    }

    [Theory]
    [InlineData("active", "mureka_enterprise_monthly", null, "enterprise")]
    [InlineData("active", "unknown_price", "enterprise", "enterprise")]
    [InlineData("trialing", "mureka_enterprise_monthly", null, "enterprise")]
    [InlineData("canceled", "mureka_enterprise_monthly", null, "free")]
    public async Task Handle_SubscriptionUpdated_PlanFromPrice(string status, string lookupKey, string? planMetadata, string expectedPlan)
    {
        var (db, handler, tenant) = await SetUpAsync();

        var outcome = await SendAsync(handler, StripeEvents.Subscription("evt_sub", "customer.subscription.updated", "cus_hook", status, lookupKey, _time.GetUtcNow(), planMetadata));

        Assert.Equal(WebhookOutcome.Applied, outcome);
        Assert.Equal(expectedPlan, await db.ScalarAsync<string>("select plan_id from tenants where id = @tenant", new { tenant }));
    }

    [Fact]
    public async Task Handle_SubscriptionDeleted_BackToFallbackPlan()
    {
        var (db, handler, tenant) = await SetUpAsync();

        await SendAsync(handler, StripeEvents.Subscription("evt_del", "customer.subscription.deleted", "cus_hook", "canceled", "mureka_pro_monthly", _time.GetUtcNow()));

        Assert.Equal("free", await db.ScalarAsync<string>("select plan_id from tenants where id = @tenant", new { tenant }));
    }

    [Fact]
    public async Task Handle_UnknownEventType_IgnoredButVerified()
    {
        var (_, handler, _) = await SetUpAsync();

        var outcome = await SendAsync(handler, StripeEvents.Invoice("evt_x", "invoice.finalized", "cus_hook", _time.GetUtcNow()));

        Assert.Equal(WebhookOutcome.Ignored, outcome);
    }

    [Fact]
    public async Task Handle_NoSecretConfigured_NotConfiguredAndNothingRecorded()
    {
        var db = await fixture.CreateDatabaseAsync();
        var handler = new StripeWebhookHandler(db.DataSource, new StripeOptions(), _time, NullLogger<StripeWebhookHandler>.Instance);
        var payload = StripeEvents.Invoice("evt_n", "invoice.payment_failed", "cus_hook", _time.GetUtcNow());

        Assert.Equal(WebhookOutcome.NotConfigured, await handler.HandleAsync(payload, StripeEvents.Sign(payload, _time.GetUtcNow()), CancellationToken.None));
        Assert.Equal(0, await db.ScalarAsync<long>("select count(*) from stripe_webhook_events"));
    }

    private Task<WebhookOutcome> SendAsync(StripeWebhookHandler handler, string payload) =>
        handler.HandleAsync(payload, StripeEvents.Sign(payload, _time.GetUtcNow()), CancellationToken.None);

    private async Task<(BillingDatabase Db, StripeWebhookHandler Handler, Guid Tenant)> SetUpAsync()
    {
        var db = await fixture.CreateDatabaseAsync();
        var tenant = await db.CreateTenantAsync("Hooked", stripeCustomerId: "cus_hook", plan: "pro");
        var options = new StripeOptions { WebhookSecret = StripeEvents.Secret };
        options.PlanPrices["mureka_enterprise_monthly"] = "enterprise";
        return (db, new StripeWebhookHandler(db.DataSource, options, _time, NullLogger<StripeWebhookHandler>.Instance), tenant);
    }
}
