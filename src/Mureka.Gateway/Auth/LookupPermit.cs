namespace Mureka.Gateway.Auth;

/// <summary>
/// Leave to read the database for one key. Its lease (a per-address concurrency lease) goes back only when every
/// holder has let go: the lookup, when it ends (not when its caller stops waiting), and, where the throttle asks
/// for it, the request that was admitted, once its refusal has been charged. Held that long, the leases bound the
/// lookups admitted but not yet charged for, which is what keeps a key sprayer's lookups within the budget plus
/// the permits.
/// </summary>
public sealed class LookupPermit : IDisposable
{
    /// <summary>Admits without limit: callers that are not throttled (the throttle disabled, code that is not a request).</summary>
    public static readonly LookupPermit Unlimited = new(null);

    private IDisposable? _lease;
    private int _holders;

    /// <param name="lease">Released when the last of <paramref name="holders"/> calls <see cref="Dispose"/> (each once).</param>
    internal LookupPermit(IDisposable? lease, int holders = 1)
    {
        _lease = lease;
        _holders = holders;
    }

    /// <summary>One holder lets go; the last one releases the lease.</summary>
    public void Dispose()
    {
        if (_lease is not null && Interlocked.Decrement(ref _holders) == 0)
        {
            Interlocked.Exchange(ref _lease, null)?.Dispose();
        }
    }
}
