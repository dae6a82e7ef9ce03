using System.Net;

namespace Mureka.Gateway.Dispatch.Discovery;

/// <summary>Name → addresses; the seam that lets tests change what "DNS" answers.</summary>
public interface IHostAddressResolver
{
    Task<IPAddress[]> ResolveAsync(string name, CancellationToken cancellationToken);
}

/// <summary>The system resolver (honours /etc/hosts, search domains and the cluster's DNS).</summary>
public sealed class DnsHostAddressResolver : IHostAddressResolver
{
    public Task<IPAddress[]> ResolveAsync(string name, CancellationToken cancellationToken) =>
        Dns.GetHostAddressesAsync(name, cancellationToken);
}
