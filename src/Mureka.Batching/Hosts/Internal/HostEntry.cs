namespace Mureka.Batching.Hosts.Internal;

/// <summary>Mutable per-host bookkeeping; only touched under the pool's lock.</summary>
internal sealed class HostEntry(string id)
{
    public string Id { get; } = id;

    /// <summary>Unknown health counts as not serving until the host says otherwise.</summary>
    public bool Serving { get; set; }

    public CircuitState Circuit { get; set; }

    public int ConsecutiveFailures { get; set; }

    public DateTimeOffset OpenedAt { get; set; }

    public bool ProbeInFlight { get; set; }

    public int Outstanding { get; set; }

    /// <summary>Breaks ties between equally loaded hosts so work spreads instead of piling on the first.</summary>
    public long LastPicked { get; set; }

    public ITimer? CoolDownTimer { get; set; }
}
