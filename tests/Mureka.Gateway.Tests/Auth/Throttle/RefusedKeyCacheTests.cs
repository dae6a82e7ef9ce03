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
        // The suspension's own notification may land after the first refusal and empty the cache; after that
        // the refusal is answered from memory.
        var fromMemory = await Poll.UntilAsync(
            async () =>
            {
                var before = Authenticator.DatabaseLookups;
                return await GetWithKeyAsync(key) == HttpStatusCode.Unauthorized && Authenticator.DatabaseLookups == before;
            },
            r => r,
            TimeSpan.FromSeconds(10),
            "the suspended key refused without a lookup");
        Assert.True(fromMemory);

        await Gateway.Accounts.SetSuspendedAsync(tenant, suspended: false);

        var status = await Poll.UntilAsync(() => GetWithKeyAsync(key), s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(10), "reinstated key accepted");
        Assert.Equal(HttpStatusCode.OK, status);
    }
}
