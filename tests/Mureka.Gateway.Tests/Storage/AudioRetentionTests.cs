using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Grpc.Core;
using Mureka.Contracts.Api.V1;
using Mureka.Gateway.Tests.Support;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Storage;

/// <summary>Per-plan audio retention: expired audio answers 410 at once, and the sweep deletes its rows and files.</summary>
[Collection(StackCollection.Name)]
public sealed class AudioRetentionTests(StackFixture stack) : GatewayTestBase(stack)
{
    [Fact]
    public async Task AudioPastThePlansRetention_410ThenDeleted_FresherAudioAndOtherPlansKept()
    {
        await using var sweeping = await GatewayInstance.StartAsync(ConnectionString, AudioRoot, Hosts, s => s["Gateway:RetentionSweepInterval"] = "00:00:00.200");
        var (_, freeKey, _) = await Gateway.CreateTenantAsync("free");
        var (_, proKey, _) = await Gateway.CreateTenantAsync("pro");
        using var free = Gateway.Http(freeKey);
        using var pro = Gateway.Http(proKey);
        var expiring = await RenderAsync(free);
        var fresh = await RenderAsync(free);
        var proOld = await RenderAsync(pro);
        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        // Free keeps audio 7 days and pro 90: 8 days old is past one and within the other.
        await connection.ExecuteAsync(
            "update audio_objects set created_at = now() - interval '8 days' where generation_id = any(@ids)",
            new { ids = new[] { Guid.Parse(expiring), Guid.Parse(proOld) } });

        await Poll.UntilAsync(
            () => connection.ExecuteScalarAsync<bool>("select audio_expired_at is not null from generations where id = @id", new { id = Guid.Parse(expiring) }),
            expired => expired, TimeSpan.FromSeconds(30), "the retention sweep");
        // A replica that has not served these generations before (this one holds them in its finished cache, read
        // before the test moved their clock back).
        await using var reader = await GatewayInstance.StartAsync(ConnectionString, AudioRoot, Hosts, s => s["Gateway:RetentionSweepInterval"] = "1.00:00:00");
        using var free2 = reader.Http(freeKey);
        using var pro2 = reader.Http(proKey);
        using var gone = await free2.GetAsync($"/v1/generations/{expiring}/audio");
        var problem = await gone.Content.ReadFromJsonAsync<JsonElement>();
        using var metadata = await free2.GetAsync($"/v1/generations/{expiring}");
        using var freshAudio = await free2.GetAsync($"/v1/generations/{fresh}/audio");
        using var proAudio = await pro2.GetAsync($"/v1/generations/{proOld}/audio");

        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Equal("application/problem+json", gone.Content.Headers.ContentType?.MediaType);
        Assert.Contains("expired", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, metadata.StatusCode);
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("select count(*) from audio_objects where generation_id = @id", new { id = Guid.Parse(expiring) }));
        Assert.False(Directory.Exists(Path.Combine(AudioRoot, Guid.Parse(expiring).ToString("N"))));
        Assert.Equal(HttpStatusCode.OK, freshAudio.StatusCode);
        Assert.Equal(HttpStatusCode.OK, proAudio.StatusCode);
        Assert.True(Directory.Exists(Path.Combine(AudioRoot, Guid.Parse(fresh).ToString("N"))));
    }

    [Fact]
    public async Task ExpiredButNotYetSwept_RefusedByTheClock_OverRestAndGrpc()
    {
        // No sweep on these gateways: the answer must not depend on it having run.
        static void NoSweep(Dictionary<string, string?> s) => s["Gateway:RetentionSweepInterval"] = "1.00:00:00";
        await using var unswept = await GatewayInstance.StartAsync(ConnectionString, AudioRoot, Hosts, NoSweep);
        var (_, key, _) = await unswept.CreateTenantAsync("free");
        using var http = unswept.Http(key);
        var id = await RenderAsync(http);
        await using var connection = await unswept.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("update audio_objects set created_at = now() - interval '7 days 1 minute' where generation_id = @id", new { id = Guid.Parse(id) });
        await using var other = await GatewayInstance.StartAsync(ConnectionString, AudioRoot, Hosts, NoSweep);
        using var otherHttp = other.Http(key);

        using var after = await otherHttp.GetAsync($"/v1/generations/{id}/audio");
        using var stream = other.Grpc.StreamGeneration(new StreamGenerationRequest { Id = id }, GatewayInstance.Auth(key));
        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var message in stream.ResponseStream.ReadAllAsync())
            {
                Assert.NotEqual(StreamGenerationResponse.EventOneofCase.Audio, message.EventCase);
            }
        });

        Assert.Equal(HttpStatusCode.Gone, after.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("expired", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("select count(*) from audio_objects where generation_id = @id", new { id = Guid.Parse(id) }));
    }

    private static async Task<string> RenderAsync(HttpClient http)
    {
        var id = (await PostGenerationAsync(http, new { genre = "corporate-pop", duration_ms = 2000 })).GetProperty("id").GetString()!;
        var done = await WaitForStatusAsync(http, id, "succeeded", RenderTimeout);
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        return id;
    }
}
