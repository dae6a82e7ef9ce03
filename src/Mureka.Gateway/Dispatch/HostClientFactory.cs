using Microsoft.Extensions.Options;

namespace Mureka.Gateway.Dispatch;

/// <summary>Creates the gRPC client of a host the pool has not seen yet (static list or discovery), with the host secret.</summary>
public sealed class HostClientFactory(IOptions<GatewayOptions> options, ILoggerFactory loggerFactory, TimeProvider timeProvider)
{
    public HostClient Create(string url) => new(url, options.Value.HostSecret, loggerFactory, timeProvider);
}
