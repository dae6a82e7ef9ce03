using Dapper;
using Mureka.Gateway.Tests.Support;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Batching;

/// <summary>Two hosts; one dies while it runs a batch. Its unfinished jobs run again on the other, each with one result and one usage row.</summary>
[Collection(StackCollection.Name)]
public sealed class HostFailoverTests(StackFixture stack) : GatewayTestBase(stack)
{
    private InferenceHostInstance _doomed = null!;

    protected override IEnumerable<string> Hosts => [_doomed.Url, Stack.HostAddress.ToString()];

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Gateway:MaxHostRetryDelay"] = "00:00:00.200";

        // Small batches spread the jobs over both hosts.
        settings["Gateway:Batching:Default:MaxBatchSize"] = "2";
    }

    public override async Task InitializeAsync()
    {
        _doomed = await InferenceHostInstance.StartNewAsync("doomed-host");
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _doomed.DisposeAsync();
    }

    [Fact]
    public async Task Generations_HostDiesMidBatch_AllSucceedOnTheOtherHostBilledOnce()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        await Poll.UntilAsync(() => Task.FromResult(Gateway.Dispatcher.CheckAvailability().Accepted), ok => ok, TimeSpan.FromSeconds(10), "a usable host");
        var ids = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add((await PostGenerationAsync(http, new { genre = "corporate-pop", duration_ms = 4000, seed = i, stems = true })).GetProperty("id").GetString()!);
        }

        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        await Poll.UntilAsync(
            () => connection.ExecuteScalarAsync<bool>("select exists(select 1 from generations where status = 'running' and host = @host)", new { host = _doomed.Url }),
            running => running, RenderTimeout, "a job running on the doomed host");

        await _doomed.StopAsync();

        foreach (var id in ids)
        {
            var done = await WaitForStatusAsync(http, id, "succeeded", RenderTimeout);
            Assert.Equal("succeeded", done.GetProperty("status").GetString());
        }

        Assert.Equal(6, await connection.ExecuteScalarAsync<long>("select count(*) from usage_ledger"));
        Assert.Equal(6, await connection.ExecuteScalarAsync<long>("select count(distinct generation_id) from usage_ledger"));
        Assert.True(await connection.ExecuteScalarAsync<long>("select count(*) from generations where attempts > 1") >= 1, "no job was retried: the host died too late to test anything");
        Assert.True(await connection.ExecuteScalarAsync<int>("select max(attempts) from generations") <= 3);
    }
}
