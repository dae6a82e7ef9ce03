using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Mureka.Batching.Hosts;
using Mureka.Gateway.Dispatch;
using Mureka.Gateway.Tests.Support;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Dispatch;

/// <summary>
/// A host that is full (busy with other replicas' batches) refuses before rendering: the job goes back to the
/// queue without spending an attempt, and the host pauses briefly instead of having its circuit opened.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class FullHostTests(StackFixture stack) : GatewayTestBase(stack)
{
    private HostileInferenceHost? _host;

    protected override IEnumerable<string> Hosts => _host is null ? [] : [_host.Url];

    public override async Task InitializeAsync()
    {
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

    protected override void Configure(Dictionary<string, string?> settings) => settings["Gateway:HostPool:BusyPause"] = "00:00:00.200";

    [Fact]
    public async Task Host_RefusesAsFull_JobKeepsItsAttemptsAndCircuitStaysClosed()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        await Poll.UntilAsync(() => Task.FromResult(Gateway.Dispatcher.CheckAvailability().Accepted), ok => ok, TimeSpan.FromSeconds(10), "the host serving");

        var id = (await PostGenerationAsync(http, new { genre = "corporate-pop", duration_ms = 1000 })).GetProperty("id").GetString()!;

        // More refusals than a job has attempts and than the failure threshold that would open a circuit.
        await Poll.UntilAsync(() => Task.FromResult(_host!.Calls), calls => calls >= 6, TimeSpan.FromSeconds(20), "six refusals from the full host");
        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        var row = await connection.QuerySingleAsync<(string Status, int Attempts)>(
            "select status, attempts from generations where id = @id", new { id = Guid.Parse(id) });
        var host = Gateway.Services.GetRequiredService<HostPool<HostClient>>().Snapshot().Single();

        Assert.NotEqual("failed", row.Status);
        Assert.True(row.Attempts <= 1, $"attempts {row.Attempts}: a refusal before rendering must cost none (one may be in flight)");
        Assert.Equal(CircuitState.Closed, host.Circuit);
        Assert.Equal(0, host.ConsecutiveFailures);
        using var cancel = await http.PostAsync($"/v1/generations/{id}/cancel", null);
        Assert.True(cancel.IsSuccessStatusCode);
    }
}
