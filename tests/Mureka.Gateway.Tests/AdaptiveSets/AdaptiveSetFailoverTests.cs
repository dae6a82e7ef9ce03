using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Mureka.Gateway.Tests.Support;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.AdaptiveSets;

/// <summary>
/// A host dies while it renders an adaptive set: the set runs again on the other host through the same claim and lease
/// path as a track, succeeds once, and is billed once, exactly its estimate.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class AdaptiveSetFailoverTests(StackFixture stack) : GatewayTestBase(stack)
{
    private InferenceHostInstance _doomed = null!;

    protected override IEnumerable<string> Hosts => [_doomed.Url, Stack.HostAddress.ToString()];

    protected override void Configure(Dictionary<string, string?> settings) => settings["Gateway:MaxHostRetryDelay"] = "00:00:00.200";

    public override async Task InitializeAsync()
    {
        _doomed = await InferenceHostInstance.StartNewAsync("doomed-set-host");
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _doomed.DisposeAsync();
    }

    [Fact]
    public async Task Sets_HostDiesMidRender_SucceedOnTheOtherHostBilledOnceTheirEstimate()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        await Poll.UntilAsync(() => Task.FromResult(Gateway.Dispatcher.CheckAvailability().Accepted), ok => ok, TimeSpan.FromSeconds(10), "a usable host");
        var ids = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            // Long enough to still be rendering when the host is stopped.
            var body = new { genre = "chiptune", bpm = 90, bars = 8, layers = 1, seed = i, states = new object[] { new { name = "a" }, new { name = "b" } }, stingers = new[] { "victory" } };
            using var created = await http.PostAsJsonAsync("/v1/adaptive-sets", body);
            ids.Add((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        }

        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        await Poll.UntilAsync(
            () => connection.ExecuteScalarAsync<bool>("select exists(select 1 from generations where status = 'running' and host = @host)", new { host = _doomed.Url }),
            running => running, RenderTimeout, "a set rendering on the doomed host");

        await _doomed.StopAsync();

        foreach (var id in ids)
        {
            var done = await AdaptiveSetEndToEndTests.WaitForSetAsync(http, id, RenderTimeout);
            Assert.True(done.GetProperty("status").GetString() == "succeeded", done.ToString());
            Assert.Equal(done.GetProperty("billable_seconds").GetDouble(), done.GetProperty("rendered_seconds").GetDouble());
        }

        Assert.Equal(2, await connection.ExecuteScalarAsync<long>("select count(*) from usage_ledger"));
        Assert.Equal(2, await connection.ExecuteScalarAsync<long>("select count(distinct generation_id) from usage_ledger"));
        Assert.True(await connection.ExecuteScalarAsync<long>("select count(*) from generations where attempts > 1") >= 1, "no set was retried: the host died too late to test anything");
        Assert.Equal(
            await connection.ExecuteScalarAsync<long>("select sum(estimated_ms) from generations"),
            await connection.ExecuteScalarAsync<long>("select sum(rendered_ms) from usage_ledger"));
    }
}
