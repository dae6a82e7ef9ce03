using Microsoft.Extensions.Time.Testing;
using Mureka.Batching.Hosts;

namespace Mureka.Batching.Tests.Hosts;

/// <summary>How many batches each host runs at once: what it reported, unless the setting fixes one number for all.</summary>
public sealed class HostPoolSlotsTests
{
    [Fact]
    public void Capacity_HostsReportDifferentSlots_EachRunsWhatItReported()
    {
        using var pool = new HostPool<string>(new HostPoolOptions(), new FakeTimeProvider());
        Serve(pool, "small", slots: 1);
        Serve(pool, "large", slots: 4);

        var leases = new List<HostLease<string>>();
        while (pool.TryAcquire(out var lease))
        {
            leases.Add(lease);
        }

        Assert.Equal(5, leases.Count);
        Assert.Equal(4, leases.Count(l => l.HostId == "large"));
        Assert.Equal(5, pool.Capacity);
        Assert.Equal(1.0, pool.Utilization);
        foreach (var lease in leases)
        {
            lease.Dispose();
        }
    }

    [Fact]
    public void Capacity_HostNotReportedYet_RunsOneBatch()
    {
        using var pool = new HostPool<string>(new HostPoolOptions(), new FakeTimeProvider());
        pool.GetOrAdd("a", id => id);
        pool.ReportHealth("a", serving: true);

        Assert.Equal(HostPoolOptions.UnreportedHostBatches, pool.Capacity);
        pool.ReportSlots("a", 3);
        Assert.Equal(3, pool.Capacity);
    }

    [Fact]
    public void Capacity_FixedSetting_WinsOverWhatHostsReport()
    {
        using var pool = new HostPool<string>(new HostPoolOptions { MaxConcurrentBatchesPerHost = 2 }, new FakeTimeProvider());
        Serve(pool, "a", slots: 6);
        Serve(pool, "b", slots: 1);

        Assert.Equal(4, pool.Capacity);
    }

    [Fact]
    public void ReportSlots_Changed_RaisesChangedSoTheBatcherHears()
    {
        using var pool = new HostPool<string>(new HostPoolOptions(), new FakeTimeProvider());
        Serve(pool, "a", slots: 2);
        var seen = new List<int>();
        pool.Changed += (_, _) => seen.Add(pool.Capacity);

        pool.ReportSlots("a", 5);

        Assert.Equal([5], seen);
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.ReportSlots("a", 0));
    }

    private static void Serve(HostPool<string> pool, string id, int slots)
    {
        pool.GetOrAdd(id, h => h);
        pool.ReportSlots(id, slots);
        pool.ReportHealth(id, serving: true);
    }
}
