using System.Diagnostics.CodeAnalysis;
using Mureka.Batching.Hosts.Internal;

namespace Mureka.Batching.Hosts;

/// <summary>
/// The one registry of hosts: each entry carries the host's handle (for the gateway, its gRPC client) and
/// its score. Chooses a host for each batch: usable hosts only (serving, circuit not open, not pausing after
/// saying it is full), least outstanding batches first, and the lease hands out the handle. Health comes
/// from outside (the gRPC health Watch), outcomes from the leases; the pool only keeps score, so it is
/// testable with a <see cref="TimeProvider"/> and no network. <see cref="Changed"/> fires whenever capacity
/// may have changed, including when a cool-down ends.
/// </summary>
public sealed class HostPool<THost> : IDisposable
    where THost : class
{
    private readonly HostPoolOptions _options;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, HostEntry<THost>> _hosts = new(StringComparer.Ordinal);
    private readonly Dictionary<IDisposable, ITimer> _retiring = new(ReferenceEqualityComparer.Instance);
    private long _picks;
    private bool _disposed;

    public HostPool(HostPoolOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    /// <summary>Raised outside the lock; handlers typically push <see cref="Capacity"/> into the batcher.</summary>
    public event EventHandler? Changed;

    /// <summary>Raised outside the lock after a host joined.</summary>
    public event EventHandler<THost>? Added;

    /// <summary>Raised outside the lock after a host left; batches already running on it may still finish.</summary>
    public event EventHandler<THost>? Removed;

    /// <summary>A snapshot of the hosts registered now.</summary>
    public IReadOnlyList<THost> Hosts
    {
        get
        {
            lock (_gate)
            {
                return _hosts.Values.Select(h => h.Host).ToList();
            }
        }
    }

    /// <summary>Batches the usable hosts could run at once, running ones included: the batcher's capacity.</summary>
    public int Capacity
    {
        get
        {
            lock (_gate)
            {
                return _hosts.Values.Sum(h => SlotsOf(h));
            }
        }
    }

    /// <summary>
    /// False means 503 rather than 429: no host could take work even if the queue were empty. A host pausing
    /// because it said it is full still counts: it will take work again in a moment.
    /// </summary>
    public bool HasUsableHost
    {
        get
        {
            lock (_gate)
            {
                return _hosts.Values.Any(h => SlotsIgnoringBusy(h) > 0);
            }
        }
    }

    /// <summary>Outstanding batches over the slots of serving hosts; 0 when none serves.</summary>
    public double Utilization
    {
        get
        {
            lock (_gate)
            {
                var serving = _hosts.Values.Where(h => h.Serving).ToList();
                var slots = serving.Sum(BatchesOf);
                return slots == 0 ? 0 : (double)serving.Sum(h => h.Outstanding) / slots;
            }
        }
    }

    /// <summary>The host registered as <paramref name="hostId"/>, created by <paramref name="create"/> and announced when new.</summary>
    public THost GetOrAdd(string hostId, Func<string, THost> create)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hostId);
        ArgumentNullException.ThrowIfNull(create);
        THost host;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_hosts.TryGetValue(hostId, out var existing))
            {
                return existing.Host;
            }

            host = create(hostId);
            _hosts.Add(hostId, new HostEntry<THost>(hostId, host));
        }

        Added?.Invoke(this, host);
        OnChanged();
        return host;
    }

    public THost? Find(string hostId)
    {
        lock (_gate)
        {
            return _hosts.TryGetValue(hostId, out var entry) ? entry.Host : null;
        }
    }

    /// <summary>
    /// For discovery: a host that left. Outstanding leases still release harmlessly; a disposable handle is
    /// disposed after <see cref="HostPoolOptions.RemovalGrace"/> so running batches end normally.
    /// </summary>
    public bool Remove(string hostId)
    {
        HostEntry<THost>? entry;
        lock (_gate)
        {
            if (!_hosts.Remove(hostId, out entry))
            {
                return false;
            }

            entry.DisposeTimers();
            if (entry.Host is IDisposable disposable && _options.RemovalGrace > TimeSpan.Zero)
            {
                _retiring[disposable] = _time.CreateTimer(_ => DisposeRetired(disposable), null, _options.RemovalGrace, Timeout.InfiniteTimeSpan);
            }
        }

        if (entry.Host is IDisposable now && _options.RemovalGrace == TimeSpan.Zero)
        {
            now.Dispose();
        }

        Removed?.Invoke(this, entry.Host);
        OnChanged();
        return true;
    }

    /// <summary>From the health Watch: NOT_SERVING drains the host (running batches finish, no new ones).</summary>
    public void ReportHealth(string hostId, bool serving) => Update(hostId, h => h.Serving = serving);

    /// <summary>
    /// What the host said it can hold: <paramref name="batches"/> at once (at least one), used unless
    /// <see cref="HostPoolOptions.MaxConcurrentBatchesPerHost"/> fixes the number for every host.
    /// </summary>
    public void ReportSlots(string hostId, int batches)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batches, 1);
        Update(hostId, h => h.ReportedSlots = batches);
    }

    public void ReportSuccess(string hostId) => Update(hostId, h =>
    {
        h.ConsecutiveFailures = 0;
        h.Circuit = CircuitState.Closed;
        h.ProbeInFlight = false;
    });

    public void ReportFailure(string hostId) => Update(hostId, h =>
    {
        h.ConsecutiveFailures++;
        if (h.Circuit == CircuitState.HalfOpen || h.ConsecutiveFailures >= _options.FailureThreshold)
        {
            Open(h);
        }
    });

    /// <summary>
    /// The host is full (other replicas' batches): no new batch from here for <see cref="HostPoolOptions.BusyPause"/>,
    /// and neither the failure count nor the circuit changes. A probe that met a full host ends without a verdict.
    /// </summary>
    public void ReportBusy(string hostId) => Update(hostId, h =>
    {
        h.Busy = true;
        h.BusyTimer?.Dispose();

        // The timer itself ends the pause (rather than a time compared later), so a timer that fires a
        // little early can never leave the batcher with a capacity nobody will raise again.
        h.BusyTimer = _time.CreateTimer(_ => Update(hostId, e => e.Busy = false), null, _options.BusyPause, Timeout.InfiniteTimeSpan);
    });

    /// <summary>A lease on the usable host with the least outstanding work, or false when none can take a batch.</summary>
    public bool TryAcquire([NotNullWhen(true)] out HostLease<THost>? lease)
    {
        lock (_gate)
        {
            var best = _hosts.Values
                .Where(h => SlotsOf(h) > h.Outstanding)
                .OrderBy(h => h.Outstanding)
                .ThenBy(h => h.LastPicked)
                .FirstOrDefault();
            if (best is null)
            {
                lease = null;
                return false;
            }

            var probe = best.Circuit != CircuitState.Closed;
            if (probe)
            {
                best.Circuit = CircuitState.HalfOpen;
                best.ProbeInFlight = true;
            }

            best.Outstanding++;
            best.LastPicked = ++_picks;
            lease = new HostLease<THost>(this, best.Id, best.Host, probe);
            return true;
        }
    }

    public IReadOnlyList<HostSnapshot> Snapshot()
    {
        lock (_gate)
        {
            return _hosts.Values
                .Select(h => new HostSnapshot(h.Id, h.Serving, h.Circuit, h.Outstanding, h.ConsecutiveFailures, SlotsOf(h) > h.Outstanding))
                .ToList();
        }
    }

    /// <summary>Disposes every disposable handle, removed ones still in their grace included.</summary>
    public void Dispose()
    {
        List<HostEntry<THost>> hosts;
        List<IDisposable> retiring;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            hosts = [.. _hosts.Values];
            _hosts.Clear();

            // Disposing a timer does not run its callback, so the retiring handles are disposed below instead.
            retiring = [.. _retiring.Keys];
            foreach (var timer in _retiring.Values)
            {
                timer.Dispose();
            }

            _retiring.Clear();
        }

        foreach (var host in hosts)
        {
            host.DisposeTimers();
            (host.Host as IDisposable)?.Dispose();
        }

        foreach (var handle in retiring)
        {
            handle.Dispose();
        }
    }

    internal void Release(HostLease<THost> lease)
    {
        Update(lease.HostId, h =>
        {
            h.Outstanding = Math.Max(0, h.Outstanding - 1);

            // A probe that ended without a verdict must not block the host forever.
            if (lease.IsProbe)
            {
                h.ProbeInFlight = false;
            }
        });
    }

    /// <summary>
    /// Total batch slots a host offers now, running ones included. A closed circuit offers them all; a
    /// cooled-down open or half-open circuit offers one probe beyond what is still running there; a host
    /// that just said it is full offers only what is already running.
    /// </summary>
    private int SlotsOf(HostEntry<THost> host) =>
        host.Busy ? Math.Min(host.Outstanding, SlotsIgnoringBusy(host)) : SlotsIgnoringBusy(host);

    private int SlotsIgnoringBusy(HostEntry<THost> host)
    {
        if (!host.Serving)
        {
            return 0;
        }

        var probeAllowed = !host.ProbeInFlight && (host.Circuit == CircuitState.HalfOpen || !host.CoolingDown);
        return host.Circuit switch
        {
            CircuitState.Closed => BatchesOf(host),
            _ when probeAllowed => Math.Min(host.Outstanding + 1, BatchesOf(host)),
            _ => 0,
        };
    }

    /// <summary>The batches a healthy host runs at once: the fixed setting, else what the host reported.</summary>
    private int BatchesOf(HostEntry<THost> host) =>
        _options.MaxConcurrentBatchesPerHost ?? host.ReportedSlots ?? HostPoolOptions.UnreportedHostBatches;

    private void Open(HostEntry<THost> host)
    {
        host.Circuit = CircuitState.Open;
        host.ProbeInFlight = false;
        host.CoolingDown = true;
        host.CoolDownTimer?.Dispose();

        // The timer ends the cool-down and so tells the batcher its capacity grew; ending it by comparing
        // times instead could leave it closed forever when the timer fires a moment early.
        var id = host.Id;
        host.CoolDownTimer = _time.CreateTimer(_ => Update(id, e => e.CoolingDown = false), null, _options.OpenDuration, Timeout.InfiniteTimeSpan);
    }

    private void DisposeRetired(IDisposable handle)
    {
        lock (_gate)
        {
            if (!_retiring.Remove(handle, out var timer))
            {
                return;
            }

            timer.Dispose();
        }

        handle.Dispose();
    }

    private void Update(string hostId, Action<HostEntry<THost>> change)
    {
        lock (_gate)
        {
            if (!_hosts.TryGetValue(hostId, out var host))
            {
                return;
            }

            change(host);
        }

        OnChanged();
    }

    private void OnChanged() => Changed?.Invoke(this, EventArgs.Empty);
}
