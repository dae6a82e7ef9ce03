namespace Mureka.Batching.Hosts.Internal;

/// <summary>Mutable per-host bookkeeping; only touched under the pool's lock.</summary>
internal sealed class HostEntry<THost>(string id, THost host)
{
    public string Id { get; } = id;

    public THost Host { get; } = host;

    /// <summary>Unknown health counts as not serving until the host says otherwise.</summary>
    public bool Serving { get; set; }

    public CircuitState Circuit { get; set; }

    public int ConsecutiveFailures { get; set; }

    /// <summary>An open circuit keeps the host out until its cool-down timer clears this.</summary>
    public bool CoolingDown { get; set; }

    public bool ProbeInFlight { get; set; }

    /// <summary>The host said it is full: no new batch until <see cref="BusyTimer"/> clears this, though its circuit is fine.</summary>
    public bool Busy { get; set; }

    public ITimer? BusyTimer { get; set; }

    public int Outstanding { get; set; }

    /// <summary>The batches the host said it can hold at once; null until it has said.</summary>
    public int? ReportedSlots { get; set; }

    /// <summary>Breaks ties between equally loaded hosts so work spreads instead of piling on the first.</summary>
    public long LastPicked { get; set; }

    /// <summary>Fires when an open circuit's cool-down ends, so the batcher hears that capacity grew.</summary>
    public ITimer? CoolDownTimer { get; set; }

    public void DisposeTimers()
    {
        CoolDownTimer?.Dispose();
        BusyTimer?.Dispose();
    }
}
