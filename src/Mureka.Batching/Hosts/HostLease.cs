namespace Mureka.Batching.Hosts;

/// <summary>
/// The right to run one batch on one host, and the host to run it on. Dispose when the batch is over
/// (success or not) to free the slot; report the outcome first so the circuit breaker sees it.
/// </summary>
public sealed class HostLease<THost> : IDisposable
    where THost : class
{
    private readonly HostPool<THost> _pool;
    private int _released;

    internal HostLease(HostPool<THost> pool, string hostId, THost host, bool isProbe)
    {
        _pool = pool;
        HostId = hostId;
        Host = host;
        IsProbe = isProbe;
    }

    public string HostId { get; }

    /// <summary>The handle the pool holds for the host (for the gateway, its gRPC client).</summary>
    public THost Host { get; }

    /// <summary>The half-open circuit's single trial batch.</summary>
    public bool IsProbe { get; }

    public void ReportSuccess() => _pool.ReportSuccess(HostId);

    public void ReportFailure() => _pool.ReportFailure(HostId);

    /// <summary>The host refused the batch only because it was full: no verdict on its health.</summary>
    public void ReportBusy() => _pool.ReportBusy(HostId);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _pool.Release(this);
        }
    }
}
