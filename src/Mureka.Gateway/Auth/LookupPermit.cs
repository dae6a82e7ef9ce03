namespace Mureka.Gateway.Auth;

/// <summary>
/// Leave to read the database for one key, held until that lookup ends (not until its caller stops waiting), so
/// whatever it wraps (a per-address concurrency lease) bounds the lookups actually running.
/// </summary>
public sealed class LookupPermit : IDisposable
{
    /// <summary>Admits without limit: callers that are not throttled (the throttle disabled, code that is not a request).</summary>
    public static readonly LookupPermit Unlimited = new(null);

    private IDisposable? _lease;

    internal LookupPermit(IDisposable? lease) => _lease = lease;

    public void Dispose() => Interlocked.Exchange(ref _lease, null)?.Dispose();
}
