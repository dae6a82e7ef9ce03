using System.Diagnostics.CodeAnalysis;
using Mureka.Batching.Hosts.Internal;

namespace Mureka.Batching.Hosts;

/// <summary>
/// Chooses a host for each batch: usable hosts only (serving, circuit not open), least outstanding
/// batches first. Health comes from outside (the gRPC health Watch), outcomes from the leases; this
/// class only keeps score, so it is testable with a <see cref="TimeProvider"/> and no network.
/// <see cref="Changed"/> fires whenever capacity may have changed, including when a cool-down ends.
/// </summary>
public sealed class HostPool : IDisposable
{
    private readonly HostPoolOptions _options;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, HostEntry> _hosts = new(StringComparer.Ordinal);
    private long _picks;

    public HostPool(HostPoolOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    /// <summary>Raised outside the lock; handlers typically push <see cref="Capacity"/> into the batcher.</summary>
    public event EventHandler? Changed;

    /// <summary>Batches the usable hosts could run at once, running ones included: the batcher's capacity.</summary>
    public int Capacity
    {
        get
        {
            lock (_gate)
            {
                var now = _time.GetUtcNow();
                return _hosts.Values.Sum(h => SlotsOf(h, now));
            }
        }
    }

    /// <summary>False means 503 rather than 429: no host could take work even if the queue were empty.</summary>
    public bool HasUsableHost => Capacity > 0;

    /// <summary>Outstanding batches over the slots of serving hosts; 0 when none serves.</summary>
    public double Utilization
    {
        get
        {
            lock (_gate)
            {
                var serving = _hosts.Values.Where(h => h.Serving).ToList();
                var slots = serving.Count * _options.MaxConcurrentBatchesPerHost;
                return slots == 0 ? 0 : (double)serving.Sum(h => h.Outstanding) / slots;
            }
        }
    }

    public void AddHost(string hostId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hostId);
        lock (_gate)
        {
            _hosts.TryAdd(hostId, new HostEntry(hostId));
        }

        OnChanged();
    }

    /// <summary>For discovery: a host that left DNS. Outstanding leases still release harmlessly.</summary>
    public bool RemoveHost(string hostId)
    {
        bool removed;
        lock (_gate)
        {
            removed = _hosts.Remove(hostId, out var entry);
            entry?.CoolDownTimer?.Dispose();
        }

        OnChanged();
        return removed;
    }

    /// <summary>From the health Watch: NOT_SERVING drains the host (running batches finish, no new ones).</summary>
    public void ReportHealth(string hostId, bool serving) => Update(hostId, h => h.Serving = serving);

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

    /// <summary>A lease on the usable host with the least outstanding work, or false when none can take a batch.</summary>
    public bool TryAcquire([NotNullWhen(true)] out HostLease? lease)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var best = _hosts.Values
                .Where(h => SlotsOf(h, now) > h.Outstanding)
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
            lease = new HostLease(this, best.Id, probe);
            return true;
        }
    }

    public IReadOnlyList<HostSnapshot> Snapshot()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            return _hosts.Values
                .Select(h => new HostSnapshot(h.Id, h.Serving, h.Circuit, h.Outstanding, h.ConsecutiveFailures, SlotsOf(h, now) > h.Outstanding))
                .ToList();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var host in _hosts.Values)
            {
                host.CoolDownTimer?.Dispose();
            }
        }
    }

    internal void Release(HostLease lease)
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
    /// cooled-down open or half-open circuit offers one probe beyond what is still running there.
    /// </summary>
    private int SlotsOf(HostEntry host, DateTimeOffset now)
    {
        if (!host.Serving)
        {
            return 0;
        }

        var probeAllowed = !host.ProbeInFlight
            && (host.Circuit == CircuitState.HalfOpen || now >= host.OpenedAt + _options.OpenDuration);
        return host.Circuit switch
        {
            CircuitState.Closed => _options.MaxConcurrentBatchesPerHost,
            _ when probeAllowed => Math.Min(host.Outstanding + 1, _options.MaxConcurrentBatchesPerHost),
            _ => 0,
        };
    }

    private void Open(HostEntry host)
    {
        host.Circuit = CircuitState.Open;
        host.ProbeInFlight = false;
        host.OpenedAt = _time.GetUtcNow();
        host.CoolDownTimer?.Dispose();

        // Nobody else would notice the cool-down ending; tell the batcher its capacity grew.
        host.CoolDownTimer = _time.CreateTimer(_ => OnChanged(), null, _options.OpenDuration, Timeout.InfiniteTimeSpan);
    }

    private void Update(string hostId, Action<HostEntry> change)
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
