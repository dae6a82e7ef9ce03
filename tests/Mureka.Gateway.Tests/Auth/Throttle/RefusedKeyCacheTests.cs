using System.Net;
using Mureka.Gateway.Tests.Support;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Auth.Throttle;

/// <summary>A refused key is remembered, and forgotten as soon as a key change says it may have become valid.</summary>
[Collection(StackCollection.Name)]
public sealed class RefusedKeyCacheTests(StackFixture stack) : AuthThrottleTestBase(stack)
{
    // Long enough that only the LISTEN/NOTIFY eviction can explain a prompt acceptance.
    protected override void Configure(Dictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings["Gateway:RefusedKeyCacheTtl"] = "00:05:00";
        settings["Gateway:AuthThrottle:RefusalsPerMinute"] = "1000";
    }

    [Fact]
    public async Task SuspendedTenantReinstated_KeyAcceptedPromptlyDespiteTheRefusal()
    {
        var (tenant, key, _) = await Gateway.CreateTenantAsync();
        await Gateway.Accounts.SetSuspendedAsync(tenant, suspended: true);
        await Poll.UntilAsync(() => GetWithKeyAsync(key), s => s == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(10), "suspended key refused");
        var before = Authenticator.DatabaseLookups;
        Assert.Equal(HttpStatusCode.Unauthorized, await GetWithKeyAsync(key));
        Assert.Equal(before, Authenticator.DatabaseLookups);

        await Gateway.Accounts.SetSuspendedAsync(tenant, suspended: false);

        var status = await Poll.UntilAsync(() => GetWithKeyAsync(key), s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(10), "reinstated key accepted");
        Assert.Equal(HttpStatusCode.OK, status);
    }
}
