using Microsoft.Extensions.Time.Testing;
using Mureka.Batching.Hosts;

namespace Mureka.Batching.Tests.Hosts;

/// <summary>The pool as the one host registry: handles in, handles out through leases, disposed when they leave.</summary>
public sealed class HostPoolRegistryTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan BusyPause = TimeSpan.FromSeconds(2);

    private static HostPool<Handle> Pool(FakeTimeProvider time) =>
        new(new HostPoolOptions { MaxConcurrentBatchesPerHost = 2, RemovalGrace = Grace, BusyPause = BusyPause }, time);

    [Fact]
    public void GetOrAdd_SameId_CreatesOnceAndAnnouncesOnce()
    {
        using var pool = Pool(new FakeTimeProvider());
        var announced = new List<Handle>();
        pool.Added += (_, h) => announced.Add(h);

        var first = pool.GetOrAdd("a", id => new Handle(id));
        var again = pool.GetOrAdd("a", _ => throw new InvalidOperationException("must not create twice"));

        Assert.Same(first, again);
        Assert.Equal([first], announced);
        Assert.Equal([first], pool.Hosts);
        Assert.Same(first, pool.Find("a"));
    }

    [Fact]
    public void TryAcquire_ServingHost_LeaseCarriesItsHandle()
    {
        using var pool = Pool(new FakeTimeProvider());
        var a = pool.GetOrAdd("a", id => new Handle(id));
        pool.ReportHealth("a", serving: true);

        Assert.True(pool.TryAcquire(out var lease));
        Assert.Same(a, lease.Host);
        Assert.Equal("a", lease.HostId);
    }

    [Fact]
    public void Remove_HandleStaysOpenForTheGraceThenIsDisposed()
    {
        var time = new FakeTimeProvider();
        using var pool = Pool(time);
        var a = pool.GetOrAdd("a", id => new Handle(id));
        pool.ReportHealth("a", serving: true);
        pool.TryAcquire(out var running);
        var removed = new List<Handle>();
        pool.Removed += (_, h) => removed.Add(h);

        Assert.True(pool.Remove("a"));
        Assert.False(pool.Remove("a"));
        var disposedAtOnce = a.Disposed;
        running!.ReportSuccess();
        running.Dispose();
        time.Advance(Grace - TimeSpan.FromSeconds(1));
        var disposedBeforeGrace = a.Disposed;
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal([a], removed);
        Assert.Empty(pool.Hosts);
        Assert.Equal(0, pool.Capacity);
        Assert.False(disposedAtOnce);
        Assert.False(disposedBeforeGrace);
        Assert.True(a.Disposed);
    }

    [Fact]
    public void Dispose_DisposesRegisteredAndRetiringHandles()
    {
        var pool = Pool(new FakeTimeProvider());
        var a = pool.GetOrAdd("a", id => new Handle(id));
        var b = pool.GetOrAdd("b", id => new Handle(id));
        pool.Remove("b");

        pool.Dispose();

        Assert.True(a.Disposed);
        Assert.True(b.Disposed);
        Assert.Throws<ObjectDisposedException>(() => pool.GetOrAdd("c", id => new Handle(id)));
    }

    [Fact]
    public void ReportBusy_HostPausesWithoutOpeningItsCircuitAndCapacityReturnsAfterThePause()
    {
        var time = new FakeTimeProvider();
        using var pool = Pool(time);
        pool.GetOrAdd("a", id => new Handle(id));
        pool.ReportHealth("a", serving: true);
        var raised = 0;
        pool.Changed += (_, _) => raised++;

        for (var i = 0; i < 5; i++)
        {
            Assert.True(pool.TryAcquire(out var lease));
            lease.ReportBusy();
            lease.Dispose();
            Assert.False(pool.TryAcquire(out _));
            time.Advance(BusyPause);
        }

        var snapshot = pool.Snapshot().Single();
        Assert.Equal(CircuitState.Closed, snapshot.Circuit);
        Assert.Equal(0, snapshot.ConsecutiveFailures);
        Assert.True(snapshot.Usable);
        Assert.Equal(2, pool.Capacity);
        Assert.True(raised >= 10, $"Changed raised {raised} times; expected one for the busy report and one when each pause ended");
    }

    [Fact]
    public void ReportBusy_BatchesAlreadyRunningKeepTheirSlots()
    {
        using var pool = Pool(new FakeTimeProvider());
        pool.GetOrAdd("a", id => new Handle(id));
        pool.ReportHealth("a", serving: true);
        pool.TryAcquire(out var running);
        pool.TryAcquire(out var refused);

        refused!.ReportBusy();
        refused.Dispose();

        Assert.Equal(1, pool.Capacity);
        Assert.False(pool.TryAcquire(out _));
        running!.Dispose();
        Assert.Equal(0, pool.Capacity);
    }

    private sealed class Handle(string id) : IDisposable
    {
        public string Id { get; } = id;

        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;

        public override string ToString() => Id;
    }
}
