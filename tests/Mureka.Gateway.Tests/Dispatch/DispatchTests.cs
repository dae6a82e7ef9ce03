using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Mureka.Gateway.Tests.Support;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Dispatch;

[Collection(StackCollection.Name)]
public sealed class DispatchTests(StackFixture stack) : GatewayTestBase(stack)
{
    [Fact]
    public async Task CancelGeneration_WhileRunning_CanceledAndNothingStored()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        var id = (await PostGenerationAsync(http, new { genre = "cinematic-orchestral", duration_ms = 60_000, stems = true })).GetProperty("id").GetString()!;
        await WaitForStatusAsync(http, id, "running", RenderTimeout);

        using var cancel = await http.PostAsync($"/v1/generations/{id}/cancel", null);

        var body = await cancel.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("canceled", body.GetProperty("status").GetString());
        // The host's batch ends (CancelItem) and the result, if any, is discarded: no audio, no usage.
        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        await Poll.UntilAsync(
            () => connection.ExecuteScalarAsync<bool>("select exists(select 1 from generations where status in ('queued','running'))"),
            busy => !busy, RenderTimeout, "nothing left running");
        Assert.Equal("canceled", (await GetGenerationAsync(http, id)).GetProperty("status").GetString());
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("select count(*) from audio_objects where generation_id = @id", new { id = Guid.Parse(id) }));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("select count(*) from usage_ledger where generation_id = @id", new { id = Guid.Parse(id) }));
        // The batch ends once the host confirms the cancel; partial and temporary files are removed then.
        var folder = Path.Combine(AudioRoot, Guid.Parse(id).ToString("N"));
        var left = await Poll.UntilAsync(() => Task.FromResult(Directory.Exists(folder) ? Directory.GetFiles(folder) : []), f => f.Length == 0, RenderTimeout, "audio files removed");
        Assert.Empty(left);
    }

    [Fact]
    public async Task Generation_Succeeded_RecordsUsageAndHost()
    {
        var (tenant, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        var id = Guid.Parse((await PostGenerationAsync(http, new { genre = "corporate-pop", duration_ms = 2000 })).GetProperty("id").GetString()!);

        await WaitForStatusAsync(http, id.ToString(), "succeeded", RenderTimeout);

        var row = await Gateway.Repository.GetAsync(tenant, id, CancellationToken.None);
        Assert.Equal(Stack.HostAddress.ToString(), row!.Host);
        Assert.Equal(1, row.Attempts);
        Assert.NotNull(row.StartedAt);
        Assert.True(row.FinishedAt >= row.StartedAt);
        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        var renderedMs = await connection.ExecuteScalarAsync<long>("select rendered_ms from usage_ledger where generation_id = @id", new { id });
        Assert.Equal(row.RenderedMs, renderedMs);
        Assert.True(renderedMs > 0);
    }

    [Fact]
    public async Task Gateway_Restarted_JobsAndAudioStillServedAndOrphansRequeued()
    {
        var (tenant, key, _) = await Gateway.CreateTenantAsync();
        string id;
        byte[] before;
        using (var http = Gateway.Http(key))
        {
            id = (await PostGenerationAsync(http, new { genre = "corporate-pop", duration_ms = 2000, seed = 42 })).GetProperty("id").GetString()!;
            await WaitForStatusAsync(http, id, "succeeded", RenderTimeout);
            before = await http.GetByteArrayAsync($"/v1/generations/{id}/audio");
        }

        // A job that a crashed gateway left 'running'.
        var orphan = Guid.Parse((await PostGenerationAsync(Gateway.Http(key), new { genre = "corporate-pop", duration_ms = 2000, seed = 43 })).GetProperty("id").GetString()!);
        await WaitForStatusAsync(Gateway.Http(key), orphan.ToString(), "succeeded", RenderTimeout);
        await using (var connection = await Gateway.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("delete from usage_ledger where generation_id = @orphan; delete from audio_objects where generation_id = @orphan; update generations set status = 'running', finished_at = null where id = @orphan", new { orphan });
        }

        await RestartGatewayAsync();

        using var again = Gateway.Http(key);
        Assert.Equal("succeeded", (await GetGenerationAsync(again, id)).GetProperty("status").GetString());
        Assert.Equal(before, await again.GetByteArrayAsync($"/v1/generations/{id}/audio"));
        var recovered = await WaitForStatusAsync(again, orphan.ToString(), "succeeded", RenderTimeout);
        Assert.Equal("succeeded", recovered.GetProperty("status").GetString());
        Assert.Equal(2, (await Gateway.Repository.GetAsync(tenant, orphan, CancellationToken.None))!.Attempts);
    }
}

/// <summary>
/// Jobs that no host takes (dispatch switched off, as for accept-path benchmarks) wait until their deadline, then
/// fail with a reason; nothing stays queued. (With dispatch on, no usable host means 503 up front: see Batching/AdmissionTests.)
/// </summary>
[Collection(StackCollection.Name)]
public sealed class HostUnavailableTests(StackFixture stack) : GatewayTestBase(stack)
{
    protected override IEnumerable<string> Hosts => ["http://127.0.0.1:9"];

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Gateway:DispatchEnabled"] = "false";
        settings["Gateway:JobDeadline"] = "00:00:03";
    }

    [Fact]
    public async Task Generation_NoHostAvailable_FailsAtDeadlineWithReason()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        var first = (await PostGenerationAsync(http, new { genre = "corporate-pop", duration_ms = 2000 })).GetProperty("id").GetString()!;
        Assert.Equal("queued", (await GetGenerationAsync(http, first)).GetProperty("status").GetString());
        await WaitForStatusAsync(http, first, "failed", TimeSpan.FromSeconds(15));

        // Jobs that expire in later sweeps fail too: failing the first must not have stalled the sweeper.
        var ids = new List<string> { first };
        for (var i = 0; i < 2; i++)
        {
            ids.Add((await PostGenerationAsync(http, new { genre = "corporate-pop", duration_ms = 2000 })).GetProperty("id").GetString()!);
        }

        foreach (var id in ids)
        {
            var failed = await WaitForStatusAsync(http, id, "failed", TimeSpan.FromSeconds(15));
            Assert.Equal("failed", failed.GetProperty("status").GetString());
            Assert.Equal("no inference host available before the deadline", failed.GetProperty("error").GetString());
        }

        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("select count(*) from generations where status in ('queued', 'running')"));
    }
}
