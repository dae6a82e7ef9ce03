using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Mureka.Gateway.Dispatch;
using Mureka.Gateway.Storage;
using Mureka.Gateway.Tests.Support;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Batching;

/// <summary>
/// A replica keeps rendering after its lease passed to another claim (its renewals failed, the lease expired):
/// when it finally finishes, it must neither overwrite nor delete the winner's audio, and its own files go.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class LeaseTakeoverTests(StackFixture stack) : GatewayTestBase(stack)
{
    // One batch per host at a time: while the stale runner is held, only the other replica can claim the job again.
    protected override void Configure(Dictionary<string, string?> settings) => settings["Gateway:HostPool:MaxConcurrentBatchesPerHost"] = "1";

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IAudioStore, GatedAudioStore>();

    [Fact]
    public async Task StaleRunner_FinishesAfterTakeover_WinnersAudioDownloadsStaleFilesGone()
    {
        var (tenant, key, _) = await Gateway.CreateTenantAsync();
        var staleStore = (GatedAudioStore)Gateway.Services.GetRequiredService<IAudioStore>();
        staleStore.Close();
        using var http = Gateway.Http(key);
        var id = Guid.Parse((await PostGenerationAsync(http, new { genre = "corporate-pop", duration_ms = 2000, format = "wav" })).GetProperty("id").GetString()!);
        await Poll.UntilAsync(() => Task.FromResult(staleStore.MixWaiting), waiting => waiting, RenderTimeout, "the first runner's mix written and waiting to commit");
        var staleClaim = (await Gateway.Repository.GetAsync(tenant, id, CancellationToken.None))!.ClaimId!.Value;

        // The lease passes on exactly as after an expiry: the row is queued again, free for any replica.
        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            update generations set status = 'queued', host = null, lease_owner = null, lease_expires_at = null, claim_id = null,
                updated_at = now() - interval '1 minute'
            where id = @id
            """, new { id });
        await using var winner = await StartGatewayAsync();
        using var winnerHttp = winner.Http(key);
        var done = await WaitForStatusAsync(winnerHttp, id.ToString(), "succeeded", RenderTimeout);
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        var winnerClaim = (await Gateway.Repository.GetAsync(tenant, id, CancellationToken.None))!.ClaimId!.Value;
        Assert.NotEqual(staleClaim, winnerClaim);
        var winnersAudio = await winnerHttp.GetByteArrayAsync($"/v1/generations/{id}/audio");

        // The stale runner now commits and gets its result: its guarded completion finds another claim.
        staleStore.Open();
        await Poll.UntilAsync(() => Task.FromResult(Gateway.Services.GetRequiredService<RunningJobs>().Count), n => n == 0, RenderTimeout, "the stale runner settling");

        var staleFolder = Path.Combine(AudioRoot, id.ToString("N"), staleClaim.ToString("N"));
        Assert.Empty(Directory.Exists(staleFolder) ? Directory.GetFiles(staleFolder) : []);
        Assert.Equal(winnersAudio, await winnerHttp.GetByteArrayAsync($"/v1/generations/{id}/audio"));
        Assert.Equal(winnersAudio, await http.GetByteArrayAsync($"/v1/generations/{id}/audio"));
        Assert.Equal("RIFF"u8.ToArray(), winnersAudio[..4]);
        var keys = (await connection.QueryAsync<string>("select storage_key from audio_objects where generation_id = @id", new { id })).ToList();
        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.StartsWith($"{id:N}/{winnerClaim:N}/", k, StringComparison.Ordinal));
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("select count(*) from usage_ledger where generation_id = @id", new { id }));
    }
}
