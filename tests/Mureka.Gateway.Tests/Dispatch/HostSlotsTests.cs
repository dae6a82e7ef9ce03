using Microsoft.Extensions.DependencyInjection;
using Mureka.Batching.Hosts;
using Mureka.Gateway.Dispatch;
using Mureka.Gateway.Tests.Support;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Dispatch;

/// <summary>The gateway gives a host as many batch slots as the capacity it reports in GetInfo holds.</summary>
[Collection(StackCollection.Name)]
public sealed class HostSlotsTests(StackFixture stack) : GatewayTestBase(stack)
{
    private HostileInferenceHost? _host;

    protected override IEnumerable<string> Hosts => _host is null ? [] : [_host.Url];

    public override async Task InitializeAsync()
    {
        // Reports a capacity of 4 items; it refuses every batch, which does not matter here: no job is sent.
        _host = await HostileInferenceHost.StartAsync(HostileOutput.AlwaysFull, Guid.NewGuid());
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    // Batches of one item: the host's 4 items are 4 batches, where a fixed number per host would give 2.
    protected override void Configure(Dictionary<string, string?> settings) => settings["Gateway:Batching:Default:MaxBatchSize"] = "1";

    [Fact]
    public async Task Host_ReportsCapacityOfFourItems_PoolRunsFourOneItemBatchesOnIt()
    {
        var pool = Gateway.Services.GetRequiredService<HostPool<HostClient>>();

        await Poll.UntilAsync(() => Task.FromResult(pool.Capacity), capacity => capacity == 4, TimeSpan.FromSeconds(10), "the pool's capacity to follow the host's report");
    }
}
