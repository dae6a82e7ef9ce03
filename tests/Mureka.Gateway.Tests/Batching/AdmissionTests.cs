using System.Net;
using System.Net.Http.Json;
using Dapper;
using Grpc.Core;
using Mureka.Contracts.Api.V1;
using Mureka.Gateway.Tests.Support;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Batching;

/// <summary>The batching dispatcher refuses what it cannot queue, with Retry-After, and keeps nothing of a refused job.</summary>
[Collection(StackCollection.Name)]
public sealed class QueueFullTests(StackFixture stack) : GatewayTestBase(stack)
{
    protected override void Configure(Dictionary<string, string?> settings)
    {

        // One batch of one item at a time: a long render holds the host, so the next two wait and fill the queue.
        settings["Gateway:HostPool:MaxConcurrentBatchesPerHost"] = "1";
        settings["Gateway:Batching:Default:MaxBatchSize"] = "1";
        settings["Gateway:Batching:Default:MaxQueueSize"] = "2";
    }

    [Fact]
    public async Task CreateGeneration_QueueFull_429WithRetryAfterAndNothingStored()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        await Poll.UntilAsync(() => Task.FromResult(Gateway.Dispatcher.CheckAvailability().Accepted), ok => ok, TimeSpan.FromSeconds(10), "a usable host");
        var busy = (await PostGenerationAsync(http, new { genre = "cinematic-orchestral", duration_ms = 60_000, stems = true })).GetProperty("id").GetString()!;
        await WaitForStatusAsync(http, busy, "running", RenderTimeout);
        await PostGenerationAsync(http, new { genre = "corporate-pop", duration_ms = 2000 });
        await PostGenerationAsync(http, new { genre = "corporate-pop", duration_ms = 2000 });

        using var refused = await http.PostAsJsonAsync("/v1/generations", new { genre = "corporate-pop", duration_ms = 2000 });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        var grpc = await Assert.ThrowsAsync<RpcException>(() => Gateway.Grpc.CreateGenerationAsync(
            new CreateGenerationRequest { Spec = new GenerationSpec { Genre = "corporate-pop", DurationMs = 2000 } }, GatewayInstance.Auth(key)).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, grpc.StatusCode);
        Assert.True(int.Parse(grpc.Trailers.GetValue("retry-after")!, System.Globalization.CultureInfo.InvariantCulture) >= 1);
        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        Assert.Equal(3, await connection.ExecuteScalarAsync<long>("select count(*) from generations"));

        // Frees the shared host for the other test classes.
        using var cancel = await http.PostAsync($"/v1/generations/{busy}/cancel", null);
    }
}

/// <summary>All hosts down: 503 with Retry-After and nothing stored; a host coming back makes the gateway accept and finish work again.</summary>
[Collection(StackCollection.Name)]
public sealed class NoHostTests(StackFixture stack) : GatewayTestBase(stack)
{
    private readonly InferenceHostInstance _host = InferenceHostInstance.Reserve("late-host");

    protected override IEnumerable<string> Hosts => [_host.Url];

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Gateway:MaxHostRetryDelay"] = "00:00:00.200";
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task CreateGeneration_AllHostsDown_503ThenRecovers()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);

        using var refused = await http.PostAsJsonAsync("/v1/generations", new { genre = "corporate-pop", duration_ms = 2000 });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        var grpc = await Assert.ThrowsAsync<RpcException>(() => Gateway.Grpc.CreateGenerationAsync(
            new CreateGenerationRequest { Spec = new GenerationSpec { Genre = "corporate-pop", DurationMs = 2000 } }, GatewayInstance.Auth(key)).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, grpc.StatusCode);
        Assert.NotNull(grpc.Trailers.GetValue("retry-after"));
        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("select count(*) from generations"));

        await _host.StartAsync();
        var accepted = await Poll.UntilAsync(
            () => http.PostAsJsonAsync("/v1/generations", new { genre = "corporate-pop", duration_ms = 2000 }), r => r.StatusCode == HttpStatusCode.Accepted, TimeSpan.FromSeconds(15), "a 202 after the host came back");
        var id = (await accepted.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!;
        var done = await WaitForStatusAsync(http, id, "succeeded", RenderTimeout);
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
    }
}
