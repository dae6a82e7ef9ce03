using Mureka.Testing;

namespace Mureka.Gateway.Tests.Support;

/// <summary>A <see cref="GatewayTestBase"/> whose gateways share a real Redis of their own (rate-limit buckets, the live relay).</summary>
public abstract class RedisGatewayTestBase(StackFixture stack) : GatewayTestBase(stack)
{
    protected RedisServer Redis { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Redis = await RedisServer.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Redis.DisposeAsync();
    }

    protected override void Configure(Dictionary<string, string?> settings) => settings["Gateway:RateLimit:Redis"] = Redis.ConnectionString;
}
