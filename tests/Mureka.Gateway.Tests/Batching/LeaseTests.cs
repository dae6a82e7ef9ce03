using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Mureka.Gateway.Storage;
using Mureka.Gateway.Tests.Support;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Batching;

/// <summary>Two gateways over one PostgreSQL: jobs claimed under a lease survive the replica that holds them.</summary>
[Collection(StackCollection.Name)]
public sealed class LeaseTests(StackFixture stack) : GatewayTestBase(stack)
{
    protected override void Configure(Dictionary<string, string?> settings)
    {

        // Renewed (and expired leases looked for) every ~670 ms: short enough for a quick takeover, long enough
        // that a loaded machine's pauses do not expire a lease that is being renewed (an extra attempt).
        settings["Gateway:LeaseDuration"] = "00:00:02";

        // The three held jobs must all run at once however the batcher splits them (held batches never end).
        settings["Gateway:HostPool:MaxConcurrentBatchesPerHost"] = "3";
    }

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IAudioStore, GatedAudioStore>();

    [Fact]
    public async Task Gateway_DisposedWhileHoldingLeasedJobs_OtherReplicaCompletesThem()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        ((GatedAudioStore)Gateway.Services.GetRequiredService<IAudioStore>()).Close();
        using var http = Gateway.Http(key);
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(Guid.Parse((await PostGenerationAsync(http, new { genre = "corporate-pop", duration_ms = 2000, seed = i })).GetProperty("id").GetString()!));
        }

        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        // Held running under this replica's lease: no mix can be committed while the gate is closed.
        await Poll.UntilAsync(
            () => connection.ExecuteScalarAsync<long>("select count(*) from generations where status = 'running' and lease_owner is not null"),
            n => n == ids.Count, RenderTimeout, "all jobs leased and running");
        await using var other = await StartGatewayAsync();

        await Gateway.DisposeAsync();

        using var otherHttp = other.Http(key);
        foreach (var id in ids)
        {
            var done = await WaitForStatusAsync(otherHttp, id.ToString(), "succeeded", RenderTimeout);
            Assert.Equal("succeeded", done.GetProperty("status").GetString());
        }

        Assert.Equal(ids.Count, await connection.ExecuteScalarAsync<long>("select count(distinct generation_id) from usage_ledger"));
        Assert.Equal(ids.Count, await connection.ExecuteScalarAsync<long>("select count(*) from usage_ledger"));
    }

    [Fact]
    public async Task Replica_Crashed_JobTakenOverOnlyAfterItsLeaseExpired()
    {
        var (tenant, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        var id = Guid.Parse((await PostGenerationAsync(http, new { genre = "corporate-pop", duration_ms = 2000 })).GetProperty("id").GetString()!);
        await WaitForStatusAsync(http, id.ToString(), "succeeded", RenderTimeout);
        await using var connection = await Gateway.DataSource.OpenConnectionAsync();

        // Turned into a job that a crashed replica claimed and whose lease runs 3 s more.
        await connection.ExecuteAsync(
            """
            delete from usage_ledger where generation_id = @id; delete from audio_objects where generation_id = @id;
            update generations set status = 'running', finished_at = null, lease_owner = 'crashed-replica', lease_expires_at = now() + interval '3 seconds' where id = @id
            """, new { id });

        var expiresAt = await connection.ExecuteScalarAsync<DateTime>("select lease_expires_at from generations where id = @id", new { id });

        // The REST view of a finished job is cached, so the row itself is watched.
        var row = await Poll.UntilAsync(
            () => Gateway.Repository.GetAsync(tenant, id, CancellationToken.None), r => r!.Status == "succeeded", RenderTimeout, "the orphan finishing again");
        Assert.Equal(2, row!.Attempts);
        Assert.True(row.FinishedAt >= expiresAt, $"taken over at {row.FinishedAt:O}, before the lease expired at {expiresAt:O}");
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("select count(*) from usage_ledger where generation_id = @id", new { id }));
    }
}
