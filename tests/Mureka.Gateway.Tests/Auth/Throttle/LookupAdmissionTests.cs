using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Mureka.Gateway.Auth;

namespace Mureka.Gateway.Tests.Auth.Throttle;

/// <summary>
/// Admission of lookups of keys not seen valid: it takes no token, waits for a per-address lookup permit rather
/// than failing, and refuses (429, no lookup) only when the address's bucket is empty or its queue full.
/// </summary>
public sealed class LookupAdmissionTests
{
    private const int Budget = 5;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Admissions_TakeNoToken()
    {
        using var throttle = Throttle(maxConcurrentLookups: 2);
        for (var i = 0; i < 4 * Budget; i++)
        {
            var request = Request();
            using var permit = await throttle.AdmitLookupAsync(request, CancellationToken.None);
            Assert.NotNull(permit);
            AuthThrottle.ReleaseLookupHold(request);
        }

        AssertBudgetLeft(throttle, Budget);
    }

    [Fact]
    public async Task PastMaxConcurrentLookups_WaitsForAPermit_OtherAddressesDoNot()
    {
        using var throttle = Throttle(maxConcurrentLookups: 2);
        var firstRequest = Request();
        var first = await throttle.AdmitLookupAsync(firstRequest, CancellationToken.None);
        using var second = await throttle.AdmitLookupAsync(Request(), CancellationToken.None);

        var third = throttle.AdmitLookupAsync(Request(), CancellationToken.None).AsTask();
        using var elsewhere = await throttle.AdmitLookupAsync(Request("198.51.100.9"), CancellationToken.None).AsTask().WaitAsync(Deadline);
        Assert.False(third.IsCompleted);
        Assert.NotNull(elsewhere);
        first!.Dispose();
        AuthThrottle.ReleaseLookupHold(firstRequest);

        using var admitted = await third.WaitAsync(Deadline);
        Assert.NotNull(admitted);
    }

    [Fact]
    public async Task PermitHeldUntilTheRefusalIsCharged_NotJustUntilTheLookupEnds()
    {
        using var throttle = Throttle(maxConcurrentLookups: 1);
        var refused = Request();
        var lookup = await throttle.AdmitLookupAsync(refused, CancellationToken.None);
        var next = throttle.AdmitLookupAsync(Request(), CancellationToken.None).AsTask();

        // The lookup has ended; its request has not been charged yet, so the token it will take still looks free:
        // the next lookup must not start on it. (A bounded wait for something that must not happen.)
        lookup!.Dispose();
        await Assert.ThrowsAsync<TimeoutException>(() => next.WaitAsync(TimeSpan.FromMilliseconds(300)));

        Assert.True(throttle.TryCount(refused, out _));
        using var admitted = await next.WaitAsync(Deadline);
        Assert.NotNull(admitted);
        AssertBudgetLeft(throttle, Budget - 1);
    }

    [Fact]
    public async Task EmptyBucket_NotAdmitted_AndTheRequestIsThrottled()
    {
        using var throttle = Throttle(maxConcurrentLookups: 2);
        AssertBudgetLeft(throttle, Budget);
        var request = Request();

        var permit = await throttle.AdmitLookupAsync(request, CancellationToken.None);

        Assert.Null(permit);
        Assert.False(throttle.TryCount(request, out var retryAfter));
        Assert.True(retryAfter >= 1);
        Assert.True(AuthThrottle.WasThrottled(request, out _));
    }

    [Fact]
    public async Task BucketEmptiedWhileWaitingForAPermit_NotAdmitted()
    {
        using var throttle = Throttle(maxConcurrentLookups: 1);
        var runningRequest = Request();
        var running = await throttle.AdmitLookupAsync(runningRequest, CancellationToken.None);
        var request = Request();
        var waiting = throttle.AdmitLookupAsync(request, CancellationToken.None).AsTask();

        // The running lookup and others refused meanwhile spend the budget.
        AssertBudgetLeft(throttle, Budget);
        running!.Dispose();
        AuthThrottle.ReleaseLookupHold(runningRequest);

        Assert.Null(await waiting.WaitAsync(Deadline));
        Assert.True(AuthThrottle.WasThrottled(request, out _));
    }

    [Fact]
    public async Task QueueFull_NotAdmitted_WithoutWaiting()
    {
        using var throttle = Throttle(maxConcurrentLookups: 1);
        using var running = await throttle.AdmitLookupAsync(Request(), CancellationToken.None);
        using var giveUp = new CancellationTokenSource();
        var queued = Enumerable.Range(0, AuthThrottle.LookupQueueLimit).Select(_ => throttle.AdmitLookupAsync(Request(), giveUp.Token).AsTask()).ToList();

        var overflow = await throttle.AdmitLookupAsync(Request(), CancellationToken.None).AsTask().WaitAsync(Deadline);

        Assert.Null(overflow);
        Assert.All(queued, q => Assert.False(q.IsCompleted));
        await giveUp.CancelAsync();
        foreach (var q in queued)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => q);
        }
    }

    [Fact]
    public async Task Disabled_AdmitsEverythingAtOnce()
    {
        using var throttle = new AuthThrottle(Options.Create(new AuthThrottleOptions { Enabled = false, RefusalsPerMinute = Budget, MaxConcurrentLookups = 1 }));
        var permits = new List<LookupPermit?>();
        for (var i = 0; i < 3; i++)
        {
            permits.Add(await throttle.AdmitLookupAsync(Request(), CancellationToken.None).AsTask().WaitAsync(Deadline));
        }

        Assert.All(permits, Assert.NotNull);
    }

    private static AuthThrottle Throttle(int maxConcurrentLookups) =>
        new(Options.Create(new AuthThrottleOptions { RefusalsPerMinute = Budget, MaxConcurrentLookups = maxConcurrentLookups }));

    private static DefaultHttpContext Request(string address = "203.0.113.7") =>
        new() { Connection = { RemoteIpAddress = IPAddress.Parse(address) } };

    /// <summary>Spends the address's budget: exactly <paramref name="left"/> refusals are counted before the first is throttled.</summary>
    private static void AssertBudgetLeft(AuthThrottle throttle, int left)
    {
        for (var i = 0; i < left; i++)
        {
            Assert.True(throttle.TryCount(Request(), out _), $"refusal {i + 1} of {left} within the budget");
        }

        Assert.False(throttle.TryCount(Request(), out _));
    }
}
