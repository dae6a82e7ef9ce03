namespace Mureka.Gateway.Dispatch;

/// <summary>Creates the gRPC client of a host the pool has not seen yet (static list or discovery).</summary>
public sealed class HostClientFactory(ILoggerFactory loggerFactory, TimeProvider timeProvider)
{
    public HostClient Create(string url) => new(url, loggerFactory, timeProvider);
}
