using Grpc.Core;
using Mureka.Gateway.Dispatch;

namespace Mureka.Gateway.Tests.Dispatch;

/// <summary>Which failures of a Generate call send its items to another host, and which fail them.</summary>
public sealed class HostFaultTests
{
    [Theory]
    [InlineData(StatusCode.Unavailable)]
    [InlineData(StatusCode.ResourceExhausted)]
    [InlineData(StatusCode.Aborted)]
    [InlineData(StatusCode.Internal)]
    [InlineData(StatusCode.Cancelled)]
    public void IsHostFault_HostSideFailure_Retried(StatusCode code) => Assert.True(BatchRunner.IsHostFault(code));

    [Theory]
    [InlineData(StatusCode.InvalidArgument)]
    [InlineData(StatusCode.DeadlineExceeded)]
    [InlineData(StatusCode.DataLoss)]
    [InlineData(StatusCode.Unknown)]
    [InlineData(StatusCode.FailedPrecondition)]
    public void IsHostFault_ItemOrDeadlineFailure_NotRetried(StatusCode code) => Assert.False(BatchRunner.IsHostFault(code));
}
