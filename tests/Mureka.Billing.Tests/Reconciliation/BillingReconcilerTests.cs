using Mureka.Billing.Reconciliation;
using Mureka.Billing.Stripe;
using Mureka.Billing.Tests.Support;
using Mureka.Testing.Stripe;

namespace Mureka.Billing.Tests.Reconciliation;

[Collection(DatabaseCollection.Name)]
public sealed class BillingReconcilerTests(DatabaseFixture fixture) : IDisposable
{
    private static readonly DateTimeOffset From = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly FakeStripe _stripe = new();

    public void Dispose() => _stripe.Dispose();

    [Fact]
    public async Task Reconcile_StripeMissesOneEvent_ReportsTheDifference()
    {
        var db = await fixture.CreateDatabaseAsync();
        var even = await db.CreateTenantAsync("even", stripeCustomerId: "cus_even");
        var short_ = await db.CreateTenantAsync("short", stripeCustomerId: "cus_short");
        var none = await db.CreateTenantAsync("no customer");
        var a = await db.AddUsageAsync(even, 1500, From.AddDays(2));
        var b = await db.AddUsageAsync(short_, 2500, From.AddDays(3));
        await db.AddUsageAsync(short_, 700, From.AddDays(4));
        await db.AddUsageAsync(none, 900, From.AddDays(5));
        await db.AddUsageAsync(even, 99_000, To.AddSeconds(1)); // outside the period
        _stripe.Bill($"mureka-gen-{a}", "cus_even", 1500, From.AddDays(2));
        _stripe.Bill($"mureka-gen-{b}", "cus_short", 2500, From.AddDays(3));

        var reconciler = new BillingReconciler(db.DataSource, StripeClientFactory.Create(new StripeOptions { ApiKey = "sk_test_r", ApiBase = _stripe.ApiBase })!, "mtr_test");
        var lines = await reconciler.ReconcileAsync(From, To, CancellationToken.None);

        var byTenant = lines.ToDictionary(l => l.TenantId);
        Assert.False(byTenant[even].Differs);
        Assert.Equal(1500, byTenant[even].StripeMs);
        Assert.Equal(700, byTenant[short_].DifferenceMs);
        Assert.Equal(3200, byTenant[short_].PendingMs);
        Assert.Null(byTenant[none].StripeMs);
        Assert.Equal(900, byTenant[none].DifferenceMs);
        var summary = Assert.Single(_stripe.Requests, r => r.Path == "/v1/billing/meters/mtr_test/event_summaries" && r.Form["customer"] == "cus_short");
        Assert.Equal(From.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), summary.Form["start_time"]);
        Assert.Equal(To.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), summary.Form["end_time"]);

        var table = ReconcileReport.Table(lines, From, To);
        Assert.Contains("2 differ", table, StringComparison.Ordinal);
        Assert.Contains(short_.ToString(), table, StringComparison.Ordinal);
        Assert.DoesNotContain(even.ToString(), table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconcile_TestModeUsage_LeftOutOfTheLedgerSide()
    {
        var db = await fixture.CreateDatabaseAsync();
        var tenant = await db.CreateTenantAsync("sandboxing", stripeCustomerId: "cus_sandbox");
        var live = await db.AddUsageAsync(tenant, 1500, From.AddDays(2));
        await db.AddUsageAsync(tenant, 4000, From.AddDays(3), livemode: false);
        _stripe.Bill($"mureka-gen-{live}", "cus_sandbox", 1500, From.AddDays(2));

        var reconciler = new BillingReconciler(db.DataSource, StripeClientFactory.Create(new StripeOptions { ApiKey = "sk_test_r", ApiBase = _stripe.ApiBase })!, "mtr_test");
        var line = Assert.Single(await reconciler.ReconcileAsync(From, To, CancellationToken.None));

        // Test usage is never sent to Stripe, so counting it would report every test render as missing money.
        Assert.Equal(1500, line.LedgerMs);
        Assert.Equal(1500, line.PendingMs);
        Assert.False(line.Differs);
    }

    [Fact]
    public async Task Reconcile_PeriodNotOnMinutes_Refused()
    {
        var db = await fixture.CreateDatabaseAsync();
        var reconciler = new BillingReconciler(db.DataSource, StripeClientFactory.Create(new StripeOptions { ApiKey = "sk_test_r", ApiBase = _stripe.ApiBase })!, "mtr_test");

        await Assert.ThrowsAsync<ArgumentException>(() => reconciler.ReconcileAsync(From.AddSeconds(30), To, CancellationToken.None));
    }
}
