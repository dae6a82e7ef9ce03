using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Mureka.Billing.Tests.Support;
using Mureka.Testing.Stripe;
using Mureka.Testing;

namespace Mureka.Billing.Tests.Outbox;

[Collection(DatabaseCollection.Name)]
public sealed class BillingOutboxWorkerTests(DatabaseFixture fixture) : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly FakeStripe _stripe = new();

    public void Dispose() => _stripe.Dispose();

    [Fact]
    public async Task RunOnce_NewTenant_CreatesCustomerThenSendsExactMeterEventFields()
    {
        var db = await fixture.CreateDatabaseAsync();
        var tenant = await db.CreateTenantAsync("Acme Music");
        var recordedAt = DateTimeOffset.UtcNow.AddMinutes(-3);
        var generation = await db.AddUsageAsync(tenant, 30_250, recordedAt);
        var worker = WorkerFactory.Create(db, WorkerFactory.Options(_stripe));

        await worker.RunOnceAsync(CancellationToken.None);

        var customer = Assert.Single(_stripe.Requests, r => r.Path == "/v1/customers");
        Assert.Equal("Acme Music", customer.Form["name"]);
        Assert.Equal(tenant.ToString(), customer.Form["metadata[tenant_id]"]);
        Assert.Equal($"mureka-tenant-{tenant}", customer.IdempotencyKey);
        Assert.Equal("Bearer sk_test_billing_tests", customer.Authorization);
        Assert.Equal("cus_fake1", await db.ScalarAsync<string>("select stripe_customer_id from tenants where id = @tenant", new { tenant }));

        var sent = Assert.Single(_stripe.MeterEventRequests);
        var identifier = $"mureka-gen-{generation}";
        Assert.Equal(200, sent.Status);
        Assert.Equal("mureka_rendered_ms", sent.Form["event_name"]);
        Assert.Equal(identifier, sent.Form["identifier"]);
        Assert.Equal("cus_fake1", sent.Form["payload[stripe_customer_id]"]);
        Assert.Equal("30250", sent.Form["payload[value]"]);
        Assert.Equal(recordedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), sent.Form["timestamp"]);
        Assert.Equal(identifier, sent.IdempotencyKey);
        Assert.Equal(["event_name", "identifier", "payload[stripe_customer_id]", "payload[value]", "timestamp"], sent.Form.AllKeys.Order(StringComparer.Ordinal));

        var state = await db.OutboxAsync(generation);
        Assert.True(state.Sent);
        Assert.Equal(1, state.Attempts);
    }

    [Fact]
    public async Task Worker_StripeFailsThenTimesOutThenRecovers_EveryRowBilledExactlyOnce()
    {
        var db = await fixture.CreateDatabaseAsync();
        var now = DateTimeOffset.UtcNow;
        var expected = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var t = 0; t < 3; t++)
        {
            var tenant = await db.CreateTenantAsync($"tenant {t}", stripeCustomerId: $"cus_outage{t}");
            for (var i = 0; i < 6; i++)
            {
                var ms = 1000 + (t * 100) + i;
                expected[$"mureka-gen-{await db.AddUsageAsync(tenant, ms, now.AddSeconds(-60 + i))}"] = ms;
            }
        }

        _stripe.Mode = FakeStripeMode.ServerError;
        var worker = WorkerFactory.Create(db, WorkerFactory.Options(_stripe));
        await worker.StartAsync(CancellationToken.None);
        try
        {
            await Poll.UntilAsync(() => _stripe.MeterEventRequests.Count(r => r.Status == 500) >= 9, Deadline, "several 500s");

            // Stripe takes the events but the answers arrive after the client gave up: the retries must not bill again.
            _stripe.Mode = FakeStripeMode.SlowSuccess;
            await Poll.UntilAsync(() => _stripe.Billed.Count >= 3, Deadline, "events processed while answers time out");

            _stripe.Mode = FakeStripeMode.Ok;
            await Poll.UntilAsync(db.PendingAsync, pending => pending == 0, Deadline, "outbox drained");
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }

        Assert.Equal(expected.OrderBy(p => p.Key), _stripe.Billed.OrderBy(p => p.Key));
        Assert.Empty(_stripe.DuplicateIdentifiers);
        Assert.Contains(_stripe.MeterEventRequests, r => r.Replayed); // a lost answer was retried under the same key
        Assert.All(_stripe.MeterEventRequests, r => Assert.Equal(r.Form["identifier"], r.IdempotencyKey));
    }

    [Fact]
    public async Task Worker_TwoReplicas_AtMostOneRequestInFlightPerCustomer()
    {
        var db = await fixture.CreateDatabaseAsync();
        var now = DateTimeOffset.UtcNow;
        for (var t = 0; t < 4; t++)
        {
            var tenant = await db.CreateTenantAsync($"tenant {t}", stripeCustomerId: $"cus_pair{t}");
            for (var i = 0; i < 8; i++)
            {
                await db.AddUsageAsync(tenant, 500 + i, now.AddSeconds(-30 + i));
            }
        }

        _stripe.Latency = TimeSpan.FromMilliseconds(20);
        var options = WorkerFactory.Options(_stripe);
        var replicas = new[] { WorkerFactory.Create(db, options), WorkerFactory.Create(db, options) };
        foreach (var replica in replicas)
        {
            await replica.StartAsync(CancellationToken.None);
        }

        try
        {
            await Poll.UntilAsync(db.PendingAsync, pending => pending == 0, Deadline, "outbox drained");
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.StopAsync(CancellationToken.None);
            }
        }

        Assert.Equal(1, _stripe.MaxInFlightPerCustomer);
        Assert.True(_stripe.MaxInFlightOverall > 1, "customers are served concurrently");
        Assert.Equal(32, _stripe.Billed.Count);
        Assert.Equal(32, _stripe.MeterEventRequests.Count);
    }

    [Fact]
    public async Task Worker_StoppedWithRequestInFlight_NextWorkerSendsTheRestNothingTwice()
    {
        var db = await fixture.CreateDatabaseAsync();
        var tenant = await db.CreateTenantAsync(stripeCustomerId: "cus_restart");
        var now = DateTimeOffset.UtcNow;
        var identifiers = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            identifiers.Add($"mureka-gen-{await db.AddUsageAsync(tenant, 2000 + i, now.AddSeconds(-20 + i))}");
        }

        var options = WorkerFactory.Options(_stripe);
        options.Stripe.RequestTimeout = TimeSpan.FromSeconds(30);
        _stripe.Mode = FakeStripeMode.Gated;
        var first = WorkerFactory.Create(db, options);
        await first.StartAsync(CancellationToken.None);
        await Poll.UntilAsync(() => _stripe.InFlight == 1, Deadline, "a request in flight");

        // Stopping waits for the request in flight instead of abandoning it with an unknown outcome.
        var stopping = first.StopAsync(CancellationToken.None);
        Assert.False(stopping.IsCompleted);
        _stripe.Release();
        await stopping;
        var sentBeforeRestart = _stripe.Billed.Count;
        Assert.Equal(1, sentBeforeRestart);
        Assert.Equal(9, await db.PendingAsync());

        _stripe.Mode = FakeStripeMode.Ok;
        var second = WorkerFactory.Create(db, options);
        await second.StartAsync(CancellationToken.None);
        try
        {
            await Poll.UntilAsync(db.PendingAsync, pending => pending == 0, Deadline, "outbox drained after restart");
        }
        finally
        {
            await second.StopAsync(CancellationToken.None);
        }

        Assert.Equal(identifiers.Order(StringComparer.Ordinal), _stripe.Billed.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(10, _stripe.MeterEventRequests.Count);
        Assert.Empty(_stripe.DuplicateIdentifiers);
    }

    [Fact]
    public async Task RunOnce_StripeRejectsOneCustomer_ItsRowsMarkedRejectedOthersSent()
    {
        var db = await fixture.CreateDatabaseAsync();
        var good = await db.CreateTenantAsync("good", stripeCustomerId: "cus_good");
        var gone = await db.CreateTenantAsync("gone", stripeCustomerId: "cus_deleted");
        var now = DateTimeOffset.UtcNow;
        var goodRow = await db.AddUsageAsync(good, 1000, now.AddSeconds(-5));
        var goneRow = await db.AddUsageAsync(gone, 2000, now.AddSeconds(-5));
        _stripe.RejectCustomer("cus_deleted");

        await WorkerFactory.Create(db, WorkerFactory.Options(_stripe)).RunOnceAsync(CancellationToken.None);

        Assert.True((await db.OutboxAsync(goodRow)).Sent);
        var rejected = await db.OutboxAsync(goneRow);
        Assert.False(rejected.Sent);
        Assert.Equal("rejected", rejected.AbandonReason);
        Assert.Contains("No such customer", rejected.LastError, StringComparison.Ordinal);
        Assert.Equal(0, await db.PendingAsync());
    }

    [Fact]
    public async Task RunOnce_RowOlderThanStripeAccepts_MarkedExpiredAndNeverSent()
    {
        var db = await fixture.CreateDatabaseAsync();
        var tenant = await db.CreateTenantAsync(stripeCustomerId: "cus_old");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var old = await db.AddUsageAsync(tenant, 1000, time.GetUtcNow().AddDays(-36));
        var fresh = await db.AddUsageAsync(tenant, 2000, time.GetUtcNow().AddDays(-1));

        await WorkerFactory.Create(db, WorkerFactory.Options(_stripe), time).RunOnceAsync(CancellationToken.None);

        Assert.Equal("expired", (await db.OutboxAsync(old)).AbandonReason);
        Assert.True((await db.OutboxAsync(fresh)).Sent);
        Assert.Equal([$"mureka-gen-{fresh}"], _stripe.Billed.Keys);
    }

    [Fact]
    public async Task RunOnce_StripeDown_RowsDeferredFailureCountedBacklogReported()
    {
        var db = await fixture.CreateDatabaseAsync();
        var tenant = await db.CreateTenantAsync(stripeCustomerId: "cus_down");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var first = await db.AddUsageAsync(tenant, 100, time.GetUtcNow().AddSeconds(-2));
        var second = await db.AddUsageAsync(tenant, 200, time.GetUtcNow().AddSeconds(-1));
        _stripe.Mode = FakeStripeMode.ServerError;
        using var metrics = new BillingMetrics();
        var failures = new List<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == BillingMetrics.MeterName && instrument.Name == "mureka.billing.send.failures")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) => failures.Add((string)tags[0].Value!));
        listener.Start();
        var worker = WorkerFactory.Create(db, WorkerFactory.Options(_stripe), time, metrics: metrics);

        await worker.RunOnceAsync(CancellationToken.None);
        await worker.RunOnceAsync(CancellationToken.None); // still inside the backoff: nothing is sent

        Assert.Single(_stripe.MeterEventRequests);
        Assert.Equal(["retry"], failures);
        Assert.Equal(2, metrics.Backlog);
        var failed = await db.OutboxAsync(first);
        Assert.Equal(1, failed.Attempts);
        Assert.Contains("stripe 500", failed.LastError, StringComparison.Ordinal);
        Assert.Equal(0, (await db.OutboxAsync(second)).Attempts);

        _stripe.Mode = FakeStripeMode.Ok;
        time.Advance(TimeSpan.FromSeconds(1)); // past the (test-sized) backoff
        await worker.RunOnceAsync(CancellationToken.None);

        Assert.Equal(0, metrics.Backlog);
        Assert.Equal(2, _stripe.Billed.Count);
    }

    [Fact]
    public async Task RunOnce_CustomerCreationFails_RowsDeferredNotAbandoned()
    {
        var db = await fixture.CreateDatabaseAsync();
        var tenant = await db.CreateTenantAsync();
        var generation = await db.AddUsageAsync(tenant, 100, DateTimeOffset.UtcNow.AddSeconds(-1));
        _stripe.Mode = FakeStripeMode.ServerError;

        await WorkerFactory.Create(db, WorkerFactory.Options(_stripe)).RunOnceAsync(CancellationToken.None);

        var state = await db.OutboxAsync(generation);
        Assert.Null(state.AbandonReason);
        Assert.Equal(1, state.Attempts);
        Assert.Empty(_stripe.MeterEventRequests);
        Assert.Equal(1, await db.PendingAsync());
    }

    [Fact]
    public async Task Worker_NoStripeKey_LogsLedgerOnlyOnceAndKeepsTheOutbox()
    {
        var db = await fixture.CreateDatabaseAsync();
        var tenant = await db.CreateTenantAsync();
        var generation = await db.AddUsageAsync(tenant, 1234, DateTimeOffset.UtcNow);
        var logger = new ListLogger<Mureka.Billing.Outbox.BillingOutboxWorker>();
        var worker = WorkerFactory.Create(db, WorkerFactory.Options(stripe: null), logger: logger);

        await worker.StartAsync(CancellationToken.None);
        await Poll.UntilAsync(() => logger.Messages.Count > 0, Deadline, "ledger-only log line");
        await worker.RunOnceAsync(CancellationToken.None);
        await worker.StopAsync(CancellationToken.None);

        Assert.Single(logger.Messages, m => m.StartsWith("billing: no Stripe key, ledger-only", StringComparison.Ordinal));
        Assert.Empty(_stripe.Requests);
        var state = await db.OutboxAsync(generation);
        Assert.False(state.Sent);
        Assert.Equal(1234, state.ValueMs);
    }
}
