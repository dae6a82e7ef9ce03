namespace Mureka.Batching.Hosts;

/// <summary>One host as the pool sees it, for health endpoints and logs.</summary>
public sealed record HostSnapshot(string HostId, bool Serving, CircuitState Circuit, int Outstanding, int ConsecutiveFailures, bool Usable);
