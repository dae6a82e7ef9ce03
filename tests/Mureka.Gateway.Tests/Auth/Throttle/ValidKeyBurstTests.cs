using System.Net;
using Mureka.Gateway.Tests.Support;

namespace Mureka.Gateway.Tests.Auth.Throttle;

/// <summary>
/// Valid keys on a fresh gateway never spend or wait on their address's budget for requests without one: a burst
/// on one new key, or on many new keys from one address, is served whole, and the budget is left untouched.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class ValidKeyBurstTests(StackFixture stack) : AuthThrottleTestBase(stack)
{
    [Fact]
    public async Task OneNewValidKey_64Concurrent_AllServed_OneLookupShared()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        var before = Authenticator.DatabaseLookups;

        var statuses = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => GetWithKeyAsync(key)));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(1, Authenticator.DatabaseLookups - before);
    }

    [Fact]
    public async Task ManyNewValidKeysFromOneAddress_AllConcurrent_AllServed_BudgetUntouched()
    {
        // A reseller behind one address with a key per tenant, on a gateway that has seen none of them.
        var keys = new List<string>();
        for (var i = 0; i < 48; i++)
        {
            keys.Add((await Gateway.CreateTenantAsync()).Key);
        }

        var before = Authenticator.DatabaseLookups;

        var statuses = await Task.WhenAll(keys.Select(GetWithKeyAsync));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(keys.Count, Authenticator.DatabaseLookups - before);
        await AssertWholeBudgetLeftAsync();
    }

    [Fact]
    public async Task ValidRequests_SpendNothing_AddressKeepsItsWholeBudget()
    {
        var (tenant, key, _) = await Gateway.CreateTenantAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 2 * Budget; i++)
        {
            // New keys each time (each one looked up), and a key already seen.
            statuses.Add(await GetWithKeyAsync((await Gateway.Accounts.CreateKeyAsync(tenant, "k" + i, test: false)).Key));
            statuses.Add(await GetWithKeyAsync(key));
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        await AssertWholeBudgetLeftAsync();
    }

    /// <summary>Budget refused requests from this address are each answered 401, and only the next one 429.</summary>
    private async Task AssertWholeBudgetLeftAsync()
    {
        for (var i = 0; i < Budget; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await GetWithKeyAsync(UnknownKey()));
        }

        using var http = Gateway.Http(UnknownKey());
        using var over = await http.GetAsync("/v1/generations");
        await AssertThrottledAsync(over);
    }
}
