using Microsoft.Extensions.Time.Testing;
using Mureka.Batching.Hosts;

namespace Mureka.Batching.Tests.Hosts;

public sealed class HostPoolTests
{
    private static readonly TimeSpan CoolDown = TimeSpan.FromSeconds(30);

    private static HostPool<string> Pool(FakeTimeProvider time, params string[] hosts)
    {
        var pool = new HostPool<string>(new HostPoolOptions { MaxConcurrentBatchesPerHost = 2, FailureThreshold = 3, OpenDuration = CoolDown }, time);
        foreach (var host in hosts)
        {
            pool.GetOrAdd(host, id => id);
            pool.ReportHealth(host, serving: true);
        }

        return pool;
    }

    [Fact]
    public void TryAcquire_TwoHosts_PicksLeastOutstanding()
    {
        using var pool = Pool(new FakeTimeProvider(), "a", "b");

        Assert.True(pool.TryAcquire(out var first));
        Assert.True(pool.TryAcquire(out var second));
        first.Dispose();
        Assert.True(pool.TryAcquire(out var third));

        Assert.NotEqual(first.HostId, second.HostId);
        Assert.Equal(first.HostId, third.HostId);
    }

    [Fact]
    public void TryAcquire_AllSlotsTaken_False()
    {
        using var pool = Pool(new FakeTimeProvider(), "a");
        pool.TryAcquire(out _);
        pool.TryAcquire(out _);

        var acquired = pool.TryAcquire(out var lease);

        Assert.False(acquired);
        Assert.Null(lease);
        Assert.Equal(1.0, pool.Utilization);
    }

    [Fact]
    public void ReportHealth_NotServing_DrainedButRunningLeaseReleases()
    {
        using var pool = Pool(new FakeTimeProvider(), "a", "b");
        pool.TryAcquire(out var onA);
        var drained = onA!.HostId;

        pool.ReportHealth(drained, serving: false);
        pool.TryAcquire(out var next1);
        pool.TryAcquire(out var next2);
        var third = pool.TryAcquire(out _);
        onA.Dispose();

        Assert.NotEqual(drained, next1!.HostId);
        Assert.NotEqual(drained, next2!.HostId);
        Assert.False(third);
        Assert.Equal(0, pool.Snapshot().Single(h => h.HostId == drained).Outstanding);
        Assert.Equal(2, pool.Capacity);
    }

    [Fact]
    public void ReportFailure_ThresholdReached_CircuitOpensThenHalfOpensAfterCoolDown()
    {
        var time = new FakeTimeProvider();
        using var pool = Pool(time, "a");
        for (var i = 0; i < 3; i++)
        {
            pool.ReportFailure("a");
        }

        var whileOpen = pool.TryAcquire(out _);
        time.Advance(CoolDown);
        var probeTaken = pool.TryAcquire(out var probe);
        var secondDuringProbe = pool.TryAcquire(out _);

        Assert.False(whileOpen);
        Assert.True(probeTaken);
        Assert.True(probe!.IsProbe);
        Assert.False(secondDuringProbe);
        Assert.Equal(CircuitState.HalfOpen, pool.Snapshot()[0].Circuit);
    }

    [Fact]
    public void ReportSuccess_ProbeSucceeds_CircuitClosesAndFullCapacityReturns()
    {
        var time = new FakeTimeProvider();
        using var pool = Pool(time, "a");
        for (var i = 0; i < 3; i++)
        {
            pool.ReportFailure("a");
        }

        time.Advance(CoolDown);
        pool.TryAcquire(out var probe);
        probe!.ReportSuccess();
        probe.Dispose();

        Assert.Equal(CircuitState.Closed, pool.Snapshot()[0].Circuit);
        Assert.Equal(2, pool.Capacity);
        Assert.True(pool.TryAcquire(out var lease));
        Assert.False(lease.IsProbe);
    }

    [Fact]
    public void ReportFailure_ProbeFails_CircuitReopensForAnotherCoolDown()
    {
        var time = new FakeTimeProvider();
        using var pool = Pool(time, "a");
        for (var i = 0; i < 3; i++)
        {
            pool.ReportFailure("a");
        }

        time.Advance(CoolDown);
        pool.TryAcquire(out var probe);
        probe!.ReportFailure();
        probe.Dispose();
        var rightAfter = pool.TryAcquire(out _);
        time.Advance(CoolDown);
        var afterSecondCoolDown = pool.TryAcquire(out _);

        Assert.False(rightAfter);
        Assert.True(afterSecondCoolDown);
    }

    [Fact]
    public void ReportFailure_BelowThreshold_HostStaysUsable()
    {
        using var pool = Pool(new FakeTimeProvider(), "a");
        pool.ReportFailure("a");
        pool.ReportFailure("a");

        Assert.True(pool.TryAcquire(out _));
        Assert.Equal(CircuitState.Closed, pool.Snapshot()[0].Circuit);
    }

    [Fact]
    public void Changed_CoolDownEnds_Raised()
    {
        var time = new FakeTimeProvider();
        using var pool = Pool(time, "a");
        for (var i = 0; i < 3; i++)
        {
            pool.ReportFailure("a");
        }

        var raised = 0;
        pool.Changed += (_, _) => raised++;
        var capacityWhileOpen = pool.Capacity;
        time.Advance(CoolDown);

        Assert.Equal(0, capacityWhileOpen);
        Assert.Equal(1, raised);
        Assert.Equal(1, pool.Capacity);
    }

    [Fact]
    public void TryAcquire_NoHealthReportYet_NoHost()
    {
        using var pool = new HostPool<string>(new HostPoolOptions(), new FakeTimeProvider());
        pool.GetOrAdd("a", id => id);

        Assert.False(pool.HasUsableHost);
        Assert.False(pool.TryAcquire(out _));
    }
}
