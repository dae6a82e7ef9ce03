using System.Collections.Immutable;
using Microsoft.Extensions.Options;

namespace Mureka.Gateway.Dispatch;

/// <summary>
/// The gRPC clients of the known inference hosts: the static list from <c>Gateway:Hosts</c> plus whatever
/// discovery adds or removes at run time. Readers get a snapshot, so a dispatch never sees a half-updated list.
/// </summary>
public sealed class HostPool : IDisposable
{
    private readonly Lock _gate = new();
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _disposeGrace;
    private readonly Dictionary<HostClient, ITimer> _pendingDisposals = [];
    private ImmutableArray<HostClient> _hosts = [];
    private int _next;

    public HostPool(IOptions<GatewayOptions> options, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        _loggerFactory = loggerFactory;
        _timeProvider = timeProvider;
        _disposeGrace = options.Value.HostCallDeadline;
        foreach (var url in options.Value.Hosts.Where(h => !string.IsNullOrWhiteSpace(h)))
        {
            Add(url.Trim());
        }
    }

    /// <summary>Raised outside the lock after a host joined (discovery or the static list after start).</summary>
    public event EventHandler<HostClient>? Added;

    /// <summary>Raised outside the lock after a host left; calls already running on it may still finish.</summary>
    public event EventHandler<HostClient>? Removed;

    public IReadOnlyList<HostClient> Hosts => _hosts;

    /// <summary>The client for <paramref name="url"/>, created and announced when the host is new.</summary>
    public HostClient Add(string url)
    {
        HostClient client;
        lock (_gate)
        {
            var existing = Find(url);
            if (existing is not null)
            {
                return existing;
            }

            client = new HostClient(url, _loggerFactory, _timeProvider);
            _hosts = _hosts.Add(client);
        }

        Added?.Invoke(this, client);
        return client;
    }

    /// <summary>
    /// Forgets a host. Its channel stays open for one host-call deadline so batches already streaming from it
    /// end normally instead of being cut off by the removal.
    /// </summary>
    public bool Remove(string url)
    {
        HostClient? client;
        lock (_gate)
        {
            client = Find(url);
            if (client is null)
            {
                return false;
            }

            _hosts = _hosts.Remove(client);
            _pendingDisposals[client] = _timeProvider.CreateTimer(_ => DisposeLater(client), null, _disposeGrace, Timeout.InfiniteTimeSpan);
        }

        Removed?.Invoke(this, client);
        return true;
    }

    /// <summary>The next host that reports SERVING, or null when none does.</summary>
    public async Task<HostClient?> PickAsync(CancellationToken cancellationToken)
    {
        var hosts = _hosts;
        for (var i = 0; i < hosts.Length; i++)
        {
            var host = hosts[(int)((uint)Interlocked.Increment(ref _next) % (uint)hosts.Length)];
            if (await host.IsReadyAsync(cancellationToken))
            {
                return host;
            }
        }

        return null;
    }

    public HostClient? Find(string url)
    {
        foreach (var host in _hosts)
        {
            if (string.Equals(host.Url, url, StringComparison.Ordinal))
            {
                return host;
            }
        }

        return null;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var (host, timer) in _pendingDisposals)
            {
                timer.Dispose();
                host.Dispose();
            }

            _pendingDisposals.Clear();
            foreach (var host in _hosts)
            {
                host.Dispose();
            }

            _hosts = [];
        }
    }

    private void DisposeLater(HostClient client)
    {
        lock (_gate)
        {
            if (!_pendingDisposals.Remove(client, out var timer))
            {
                return;
            }

            timer.Dispose();
        }

        client.Dispose();
    }
}
