using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using Mureka.Gateway.Internal;

namespace Mureka.Gateway.Tests.Internal;

public sealed class HeartbeatTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Merge_SilentSource_NullEachIntervalThenTheItemsAndTheEnd()
    {
        var time = new CountingTimeProvider();
        var source = Channel.CreateUnbounded<int?>();
        await using var merged = Heartbeat.Merge(source.Reader.ReadAllAsync(), Interval, time, CancellationToken.None).GetAsyncEnumerator();

        var first = merged.MoveNextAsync().AsTask();
        await WaitForTimerAsync(time);
        Assert.False(first.IsCompleted);
        time.Advance(Interval);
        Assert.True(await first);
        Assert.Null(merged.Current);

        var second = merged.MoveNextAsync().AsTask();
        source.Writer.TryWrite(7);
        Assert.True(await second);
        Assert.Equal(7, merged.Current);

        var end = merged.MoveNextAsync().AsTask();
        source.Writer.Complete();
        Assert.False(await end);
    }

    [Fact]
    public async Task Merge_Cancelled_WhileTheSourceWaits_EndsWithCancellation()
    {
        var time = new CountingTimeProvider();
        var source = Channel.CreateUnbounded<int?>();
        using var cancel = new CancellationTokenSource();
        var merged = Heartbeat.Merge(source.Reader.ReadAllAsync(cancel.Token), Interval, time, cancel.Token).GetAsyncEnumerator();

        var next = merged.MoveNextAsync().AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next);
        await merged.DisposeAsync();
    }

    // The merge arms its timer on another turn of the loop: advance the clock only once it is waiting.
    private static async Task WaitForTimerAsync(CountingTimeProvider time)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (time.TimersCreated == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the heartbeat timer was never armed");
            await Task.Delay(5);
        }
    }
}

/// <summary>A fake clock that says how many timers were asked of it.</summary>
internal sealed class CountingTimeProvider : FakeTimeProvider
{
    private int _timersCreated;

    public int TimersCreated => Volatile.Read(ref _timersCreated);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Increment(ref _timersCreated);
        return base.CreateTimer(callback, state, dueTime, period);
    }
}
