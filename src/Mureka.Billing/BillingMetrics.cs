using System.Diagnostics.Metrics;

namespace Mureka.Billing;

/// <summary>Instruments on the <c>Mureka.Billing</c> meter: outbox backlog, meter events sent, send failures.</summary>
public sealed class BillingMetrics : IDisposable
{
    public const string MeterName = "Mureka.Billing";

    private readonly Meter _meter;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _failures;
    private readonly Counter<long> _abandoned;
    private long _backlog;

    public BillingMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _meter.CreateObservableGauge("mureka.billing.outbox.backlog", () => Interlocked.Read(ref _backlog), "{event}", "Meter events not yet accepted by Stripe.");
        _sent = _meter.CreateCounter<long>("mureka.billing.events.sent", "{event}", "Meter events Stripe accepted.");
        _failures = _meter.CreateCounter<long>("mureka.billing.send.failures", "{request}", "Stripe requests that failed, by kind (retry or rejected).");
        _abandoned = _meter.CreateCounter<long>("mureka.billing.events.abandoned", "{event}", "Meter events given up on, by reason (expired or rejected).");
    }

    public long Backlog => Interlocked.Read(ref _backlog);

    public void SetBacklog(long rows) => Interlocked.Exchange(ref _backlog, rows);

    public void RecordSent() => _sent.Add(1);

    public void RecordFailure(string kind) => _failures.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void RecordAbandoned(string reason, int count) => _abandoned.Add(count, new KeyValuePair<string, object?>("reason", reason));

    public void Dispose() => _meter.Dispose();
}
