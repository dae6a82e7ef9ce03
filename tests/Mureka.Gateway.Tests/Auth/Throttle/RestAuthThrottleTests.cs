using System.Net;
using Mureka.Gateway.Tests.Support;

namespace Mureka.Gateway.Tests.Auth.Throttle;

/// <summary>Requests without a valid key, over REST: counted per address, 429 past the budget, and no database lookup then.</summary>
[Collection(StackCollection.Name)]
public sealed class RestAuthThrottleTests(StackFixture stack) : AuthThrottleTestBase(stack)
{
    [Fact]
    public async Task FloodOfUnknownKeys_FirstBudget401ThenThrottled_DatabaseLooksUpOnlyTheBudget()
    {
        var before = Authenticator.DatabaseLookups;
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < Budget; i++)
        {
            statuses.Add(await GetWithKeyAsync(UnknownKey()));
        }

        for (var i = 0; i < 25; i++)
        {
            using var http = Gateway.Http(UnknownKey());
            using var response = await http.GetAsync("/v1/generations");
            await AssertThrottledAsync(response);
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(Budget, Authenticator.DatabaseLookups - before);
    }

    [Fact]
    public async Task ConcurrentFloodOfUnknownKeys_LookupsBoundedByTheBudgetPlusTheConcurrentLookups()
    {
        var before = Authenticator.DatabaseLookups;

        var statuses = await Task.WhenAll(Enumerable.Range(0, 60).Select(_ => GetWithKeyAsync(UnknownKey())));

        // Refusals are charged after their lookups, and each admitted request holds its lookup permit until it is
        // charged: when the bucket empties, the other permit holders are the most it can be overrun by. Every
        // refusal past the budget is still answered 429.
        Assert.Equal(Budget, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(60 - Budget, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.InRange(Authenticator.DatabaseLookups - before, Budget, Budget + MaxConcurrentLookups - 1);
    }

    [Fact]
    public async Task SameRefusedKeyRepeated_LookedUpOnce()
    {
        var key = UnknownKey();
        var before = Authenticator.DatabaseLookups;

        var statuses = new[] { await GetWithKeyAsync(key), await GetWithKeyAsync(key), await GetWithKeyAsync(key) };

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(1, Authenticator.DatabaseLookups - before);
    }

    [Fact]
    public async Task MissingAndMalformedKeys_CountWithoutLookups()
    {
        var before = Authenticator.DatabaseLookups;

        var statuses = new List<HttpStatusCode> { await GetWithKeyAsync(null), await GetWithKeyAsync("not-a-key") };
        for (var i = 2; i < Budget; i++)
        {
            statuses.Add(await GetWithKeyAsync(null));
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        using var http = Gateway.Http(null);
        using var over = await http.GetAsync("/v1/generations");
        await AssertThrottledAsync(over);
        Assert.Equal(0, Authenticator.DatabaseLookups - before);
    }

    [Fact]
    public async Task ValidKeyFromThrottledAddress_StillServedEvenAfterTheCacheEmptied()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        Assert.Equal(HttpStatusCode.OK, await GetWithKeyAsync(key));
        for (var i = 0; i < Budget; i++)
        {
            await GetWithKeyAsync(UnknownKey());
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await GetWithKeyAsync(UnknownKey()));

        // As if a key changed somewhere: the accepted-key cache is empty, so only a fresh lookup can accept it.
        Authenticator.Invalidate();
        var before = Authenticator.DatabaseLookups;
        Assert.Equal(HttpStatusCode.OK, await GetWithKeyAsync(key));
        Assert.Equal(1, Authenticator.DatabaseLookups - before);
        Assert.Equal(HttpStatusCode.OK, await GetWithKeyAsync(key));
    }

    [Fact]
    public async Task AnonymousEndpoints_NotCountedNorThrottled()
    {
        for (var i = 0; i < Budget; i++)
        {
            await GetWithKeyAsync(UnknownKey());
        }

        using var http = Gateway.Http(null);
        for (var i = 0; i < 3 * Budget; i++)
        {
            using var live = await http.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            using var spec = await http.GetAsync("/openapi/v1.yaml");
            Assert.Equal(HttpStatusCode.OK, spec.StatusCode);
        }
    }
}
