using Mureka.Gateway.Auth;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Auth;

/// <summary>
/// One lookup per key at a time: callers share it and its answer, one caller giving up never ends it for the
/// others, a caller after a key change never gets an answer read before it, and the permit lives as long as the lookup.
/// </summary>
public sealed class SingleFlightTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ConcurrentCallers_ShareOneLookupAndItsAnswer()
    {
        var flights = new SingleFlight<string>();
        var lookup = new GatedLookup();

        var first = flights.JoinOrStart("k", 1, () => null, lookup.RunAsync, null);
        var joined = flights.TryJoin("k", 1);
        var second = flights.JoinOrStart("k", 1, () => null, lookup.RunAsync, null);
        lookup.Answer("valid");

        Assert.Equal(["valid", "valid", "valid"], await Task.WhenAll(first, joined!, second));
        Assert.Equal(1, lookup.Runs);
    }

    [Fact]
    public async Task OneCallerGivesUp_TheOthersStillGetTheAnswer()
    {
        var flights = new SingleFlight<string>();
        var lookup = new GatedLookup();
        using var aborted = new CancellationTokenSource();
        var shared = flights.JoinOrStart("k", 1, () => null, lookup.RunAsync, null);
        var giving = shared.WaitAsync(aborted.Token);
        var staying = flights.TryJoin("k", 1)!.WaitAsync(CancellationToken.None);

        await aborted.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => giving);
        Assert.False(staying.IsCompleted);
        lookup.Answer("valid");

        Assert.Equal("valid", await staying.WaitAsync(Deadline));
        Assert.Equal(1, lookup.Runs);
    }

    [Fact]
    public async Task CallerAfterAKeyChange_StartsItsOwnLookup_NeverSharesTheOlderOne()
    {
        var flights = new SingleFlight<string>();
        var before = new GatedLookup();
        var after = new GatedLookup();
        var old = flights.JoinOrStart("k", 1, () => null, before.RunAsync, null);

        Assert.Null(flights.TryJoin("k", 2));
        var fresh = flights.JoinOrStart("k", 2, () => null, after.RunAsync, null);
        // A caller from before the change may share the newer lookup: it read the database after it arrived.
        Assert.Same(fresh, flights.TryJoin("k", 1));
        before.Answer("valid");
        after.Answer("revoked");

        Assert.Equal("valid", await old.WaitAsync(Deadline));
        Assert.Equal("revoked", await fresh.WaitAsync(Deadline));
        Assert.Equal(1, before.Runs);
        Assert.Equal(1, after.Runs);
    }

    [Fact]
    public async Task Permit_HeldUntilTheLookupEnds_NotUntilItsCallerGivesUp()
    {
        var flights = new SingleFlight<string>();
        var lookup = new GatedLookup();
        var permit = new Permit();
        using var aborted = new CancellationTokenSource();
        var waiting = flights.JoinOrStart("k", 1, () => null, lookup.RunAsync, permit).WaitAsync(aborted.Token);

        await aborted.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.False(permit.Released);
        lookup.Answer("refused");

        await Poll.UntilAsync(() => permit.Released, Deadline, "the permit released when the lookup ended");
        Assert.Null(flights.TryJoin("k", 1));
    }

    [Fact]
    public async Task AfterTheLookupEnded_WhatItLeftIsTheAnswer_NoSecondLookup_PermitReleasedAtOnce()
    {
        var flights = new SingleFlight<string>();
        var lookup = new GatedLookup();
        var first = flights.JoinOrStart("k", 1, () => null, lookup.RunAsync, null);
        lookup.Answer("valid");
        await first.WaitAsync(Deadline);
        var permit = new Permit();

        var answer = await flights.JoinOrStart("k", 1, () => "cached", lookup.RunAsync, permit);

        Assert.Equal("cached", answer);
        Assert.Equal(1, lookup.Runs);
        Assert.True(permit.Released);
    }

    [Fact]
    public async Task FailedLookup_EveryCallerSeesTheFailure_TheNextCallLooksUpAgain()
    {
        var flights = new SingleFlight<string>();
        var lookup = new GatedLookup();
        var first = flights.JoinOrStart("k", 1, () => null, lookup.RunAsync, null);
        var second = flights.TryJoin("k", 1)!;
        lookup.Fail(new InvalidOperationException("database down"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => first.WaitAsync(Deadline));
        await Assert.ThrowsAsync<InvalidOperationException>(() => second.WaitAsync(Deadline));
        await Poll.UntilAsync(() => flights.TryJoin("k", 1) is null, Deadline, "the failed lookup gone");
        var retry = flights.JoinOrStart("k", 1, () => null, lookup.RunAsync, null);
        lookup.Answer("valid");
        Assert.Equal("valid", await retry.WaitAsync(Deadline));
        Assert.Equal(2, lookup.Runs);
    }

    /// <summary>A lookup that answers when the test says so, counting how often it was started.</summary>
    private sealed class GatedLookup
    {
        private TaskCompletionSource<string> _gate = new();
        private int _runs;

        public int Runs => Volatile.Read(ref _runs);

        public Task<string> RunAsync()
        {
            Interlocked.Increment(ref _runs);
            return _gate.Task;
        }

        public void Answer(string answer) => Interlocked.Exchange(ref _gate, new TaskCompletionSource<string>()).SetResult(answer);

        public void Fail(Exception exception) => Interlocked.Exchange(ref _gate, new TaskCompletionSource<string>()).SetException(exception);
    }

    private sealed class Permit : IDisposable
    {
        private int _released;

        public bool Released => Volatile.Read(ref _released) == 1;

        public void Dispose() => Interlocked.Exchange(ref _released, 1);
    }
}
