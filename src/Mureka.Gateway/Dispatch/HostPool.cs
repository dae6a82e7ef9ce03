using Microsoft.Extensions.Options;

namespace Mureka.Gateway.Dispatch;

/// <summary>The static list of hosts from <c>Gateway:Hosts</c>, tried round robin. Discovery and load-aware choice come with the batcher.</summary>
public sealed class HostPool : IDisposable
{
    private readonly List<HostClient> _hosts;
    private int _next;

    public HostPool(IOptions<GatewayOptions> options, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        _hosts = options.Value.Hosts.Where(h => !string.IsNullOrWhiteSpace(h)).Select(h => new HostClient(h.Trim(), loggerFactory, timeProvider)).ToList();
    }

    public IReadOnlyList<HostClient> Hosts => _hosts;

    /// <summary>The next host that reports SERVING, or null when none does.</summary>
    public async Task<HostClient?> PickAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < _hosts.Count; i++)
        {
            var host = _hosts[(int)((uint)Interlocked.Increment(ref _next) % (uint)_hosts.Count)];
            if (await host.IsReadyAsync(cancellationToken))
            {
                return host;
            }
        }

        return null;
    }

    public HostClient? Find(string url) => _hosts.FirstOrDefault(h => h.Url == url);

    public void Dispose()
    {
        foreach (var host in _hosts)
        {
            host.Dispose();
        }
    }
}
