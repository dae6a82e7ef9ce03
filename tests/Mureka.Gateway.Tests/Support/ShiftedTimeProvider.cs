namespace Mureka.Gateway.Tests.Support;

/// <summary>The system clock moved by a fixed offset: a gateway that lives in the future sees what expires before then as expired.</summary>
internal sealed class ShiftedTimeProvider(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}
