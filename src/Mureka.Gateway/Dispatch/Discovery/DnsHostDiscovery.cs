using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Mureka.Batching.Hosts;

namespace Mureka.Gateway.Dispatch.Discovery;

/// <summary>
/// Keeps the host pool in step with DNS: every refresh resolves <see cref="HostDiscoveryOptions.DnsName"/>,
/// adds hosts that appeared and removes the ones it added that stayed missing for
/// <see cref="HostDiscoveryOptions.MissesBeforeRemoval"/> refreshes. A failed lookup changes nothing, so a DNS
/// outage never empties the pool; hosts from the static list are never removed.
/// </summary>
public sealed partial class DnsHostDiscovery(
    HostPool<HostClient> hosts,
    HostClientFactory clients,
    IHostAddressResolver resolver,
    IOptions<HostDiscoveryOptions> options,
    TimeProvider timeProvider,
    ILogger<DnsHostDiscovery> logger) : BackgroundService
{
    /// <summary>Hosts this discovery added, with the refreshes in a row that did not list them.</summary>
    private readonly Dictionary<string, int> _misses = new(StringComparer.Ordinal);

    /// <summary>Resolves once before the gateway takes requests, so the first batch already sees the hosts.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    /// <summary>One resolution and the pool changes it implies.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        IPAddress[] addresses;
        try
        {
            addresses = await resolver.ResolveAsync(o.DnsName!, cancellationToken);
        }
        catch (SocketException e)
        {
            LogResolveFailed(logger, o.DnsName!, e.SocketErrorCode);
            return;
        }

        var listed = addresses.Select(a => ToUrl(o.Scheme, a, o.Port)).ToHashSet(StringComparer.Ordinal);
        foreach (var url in listed)
        {
            if (_misses.ContainsKey(url))
            {
                _misses[url] = 0;
            }
            else if (hosts.Find(url) is null)
            {
                hosts.GetOrAdd(url, clients.Create);
                _misses[url] = 0;
                LogAdded(logger, url, o.DnsName!);
            }
        }

        foreach (var url in _misses.Keys.Where(u => !listed.Contains(u)).ToList())
        {
            if (++_misses[url] >= o.MissesBeforeRemoval)
            {
                _misses.Remove(url);
                hosts.Remove(url);
                LogRemoved(logger, url, o.DnsName!);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RefreshAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    internal static string ToUrl(string scheme, IPAddress address, int port) =>
        address.AddressFamily == AddressFamily.InterNetworkV6
            ? $"{scheme}://[{address}]:{port}"
            : $"{scheme}://{address}:{port}";

    [LoggerMessage(Level = LogLevel.Information, Message = "Host discovery: {Host} added from {Name}")]
    private static partial void LogAdded(ILogger logger, string host, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Host discovery: {Host} removed, no longer listed by {Name}")]
    private static partial void LogRemoved(ILogger logger, string host, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host discovery: resolving {Name} failed ({Error}); keeping the current hosts")]
    private static partial void LogResolveFailed(ILogger logger, string name, SocketError error);
}
