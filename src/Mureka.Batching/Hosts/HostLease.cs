namespace Mureka.Batching.Hosts;

/// <summary>
/// The right to run one batch on one host. Dispose when the batch is over (success or not) to free
/// the slot; report the outcome first so the circuit breaker sees it.
/// </summary>
public sealed class HostLease : IDisposable
{
    private readonly HostPool _pool;
    private int _released;

    internal HostLease(HostPool pool, string hostId, bool isProbe)
    {
        _pool = pool;
        HostId = hostId;
        IsProbe = isProbe;
    }

    public string HostId { get; }

    /// <summary>The half-open circuit's single trial batch.</summary>
    public bool IsProbe { get; }

    public void ReportSuccess() => _pool.ReportSuccess(HostId);

    public void ReportFailure() => _pool.ReportFailure(HostId);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _pool.Release(this);
        }
    }
}
