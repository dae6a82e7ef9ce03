using Mureka.Batching;
using Mureka.Contracts.Inference.V1;
using Mureka.Gateway.Dispatch;

namespace Mureka.Gateway.Tests.Dispatch;

/// <summary>A host's batch slots follow the capacity it reports, measured in the largest batch the batcher forms; two at least while it admits two items.</summary>
public sealed class HostBatchSlotsTests
{
    [Theory]
    [InlineData(16, 8, 2)]
    [InlineData(64, 8, 8)]
    [InlineData(20, 8, 2)]
    [InlineData(8, 1, 8)]
    [InlineData(4, 8, 2)]
    [InlineData(1, 8, 1)]
    public void For_ReportedCapacity_HoldsThatManyFullBatchesButTwoWhileItAdmitsTwoItems(int capacity, int maxBatch, int expected)
    {
        var batching = new BatchingOptions { Default = new ModelBatchingOptions { MaxBatchSize = maxBatch } };

        Assert.Equal(expected, HostBatchSlots.For(new GetInfoResponse { Capacity = capacity }, batching));
    }

    [Fact]
    public void For_ModelWithLargerBatches_CountsTheLargestBatch()
    {
        var batching = new BatchingOptions { Default = new ModelBatchingOptions { MaxBatchSize = 4 } };
        batching.Models["mureka-compose-1"] = new ModelBatchingOptions { MaxBatchSize = 16 };

        Assert.Equal(2, HostBatchSlots.For(new GetInfoResponse { Capacity = 32 }, batching));
    }

    [Fact]
    public void For_HostReportingNoCapacity_LeavesThePoolsDefault()
    {
        Assert.Null(HostBatchSlots.For(new GetInfoResponse(), new BatchingOptions()));
    }
}
