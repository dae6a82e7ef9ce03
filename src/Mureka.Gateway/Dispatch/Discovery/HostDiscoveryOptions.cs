namespace Mureka.Gateway.Dispatch.Discovery;

/// <summary>
/// <c>Gateway:HostDiscovery</c>: inference hosts found through DNS, e.g. a Kubernetes headless service whose
/// A/AAAA records list the ready host pods. Used alongside (or instead of) the static <c>Gateway:Hosts</c>.
/// </summary>
public sealed class HostDiscoveryOptions
{
    public const string SectionName = "Gateway:HostDiscovery";

    /// <summary>Name to resolve; discovery is off while it is empty.</summary>
    public string? DnsName { get; set; }

    /// <summary>The hosts' gRPC (h2c) port; DNS A/AAAA records carry no port.</summary>
    public int Port { get; set; } = 7001;

    /// <summary><c>http</c> (h2c inside the cluster) or <c>https</c>.</summary>
    public string Scheme { get; set; } = "http";

    /// <summary>How often the name is resolved again.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Resolutions in a row that must miss a host before it is removed: one answer from a lagging DNS server
    /// should not take a healthy host out (its health Watch takes out hosts that are really gone).
    /// </summary>
    public int MissesBeforeRemoval { get; set; } = 2;

    public bool Enabled => !string.IsNullOrWhiteSpace(DnsName);

    /// <summary>Thrown at start, so a typo fails the deployment instead of silently running without hosts.</summary>
    public void Validate()
    {
        if (!Enabled)
        {
            return;
        }

        if (Uri.CheckHostName(DnsName) == UriHostNameType.Unknown)
        {
            throw new InvalidOperationException($"{SectionName}:DnsName '{DnsName}' is not a host name.");
        }

        if (Port is < 1 or > 65535)
        {
            throw new InvalidOperationException($"{SectionName}:Port must be 1-65535, not {Port}.");
        }

        if (Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException($"{SectionName}:Scheme must be 'http' or 'https', not '{Scheme}'.");
        }

        if (RefreshInterval < TimeSpan.FromMilliseconds(100))
        {
            throw new InvalidOperationException($"{SectionName}:RefreshInterval must be at least 100 ms.");
        }

        if (MissesBeforeRemoval < 1)
        {
            throw new InvalidOperationException($"{SectionName}:MissesBeforeRemoval must be at least 1.");
        }
    }
}
