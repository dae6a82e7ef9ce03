using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Mureka.Gateway.Storage;
using Mureka.Gateway.Tests.Support;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Dispatch;

/// <summary>
/// The database refusing a finished render, and a disk that fills up while audio is stored: the job goes back to
/// the queue (and succeeds once the fault is gone) or fails at once with the reason after its attempts — never
/// left running until its deadline — and no stored object is left without a row.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class CompletionFailureTests(StackFixture stack) : GatewayTestBase(stack)
{
    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IAudioStore, FullDiskAudioStore>();

    private FullDiskAudioStore Disk => (FullDiskAudioStore)Gateway.Services.GetRequiredService<IAudioStore>();

    [Fact]
    public async Task DatabaseRefusesCompletion_Once_RequeuedAndSucceedsWithoutOrphans()
    {
        await RefuseUsageInsertsAsync(times: 1);
        var (id, http) = await PostAsync();

        var done = await WaitForStatusAsync(http, id.ToString(), "succeeded", RenderTimeout);

        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        await AssertOnlyRowedObjectsStoredAsync();
        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        Assert.Equal(2, await connection.ExecuteScalarAsync<int>("select attempts from generations where id = @id", new { id }));
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("select count(*) from usage_ledger where generation_id = @id", new { id }));
        Assert.Equal(200, (int)(await http.GetAsync($"/v1/generations/{id}/audio")).StatusCode);
    }

    [Fact]
    public async Task DatabaseRefusesCompletion_Always_FailsAfterAttemptsNotAtDeadline()
    {
        await RefuseUsageInsertsAsync(times: 1000);
        var started = DateTimeOffset.UtcNow;
        var (id, http) = await PostAsync();

        var failed = await WaitForStatusAsync(http, id.ToString(), "failed", RenderTimeout);

        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Contains("storing the result failed", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.True(DateTimeOffset.UtcNow - started < RenderTimeout);
        await AssertOnlyRowedObjectsStoredAsync();
        Assert.Empty(Directory.EnumerateFiles(AudioRoot, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task DiskFull_WhileStoring_JobFailsClearlyAndNothingIsLeft()
    {
        Disk.Fill();
        var started = DateTimeOffset.UtcNow;
        var (id, http) = await PostAsync();

        var failed = await WaitForStatusAsync(http, id.ToString(), "failed", RenderTimeout);

        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Contains("storing the audio failed", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.True(DateTimeOffset.UtcNow - started < RenderTimeout);
        Assert.True(Disk.FailedWrites >= 1);
        Assert.Empty(Directory.EnumerateFiles(AudioRoot, "*", SearchOption.AllDirectories));
        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("select count(*) from usage_ledger"));
    }

    [Fact]
    public async Task DiskFull_ThenFreed_JobRunsAgainAndSucceeds()
    {
        Disk.Fill();
        var (id, http) = await PostAsync();
        await Poll.UntilAsync(() => Task.FromResult(Disk.FailedWrites), n => n >= 1, RenderTimeout, "a write failing on the full disk");
        Disk.Free();

        var done = await WaitForStatusAsync(http, id.ToString(), "succeeded", RenderTimeout);

        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        await AssertOnlyRowedObjectsStoredAsync();
    }

    private async Task<(Guid Id, HttpClient Http)> PostAsync()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        var http = Gateway.Http(key);
        var id = Guid.Parse((await PostGenerationAsync(http, new { genre = "corporate-pop", duration_ms = 2000, format = "wav" })).GetProperty("id").GetString()!);
        return (id, http);
    }

    /// <summary>A real PostgreSQL error at the usage insert, inside the completion's transaction, for the first <paramref name="times"/> completions.</summary>
    private async Task RefuseUsageInsertsAsync(int times)
    {
        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            $"""
            create sequence refused_usage_inserts;
            create function refuse_usage_insert() returns trigger language plpgsql as $$
            begin
                if nextval('refused_usage_inserts') <= {times} then
                    raise exception 'usage ledger refused the row';
                end if;
                return new;
            end $$;
            create trigger refuse_usage_insert before insert on usage_ledger for each row execute function refuse_usage_insert();
            """);
    }

    /// <summary>Every stored file is one an audio object row refers to.</summary>
    private async Task AssertOnlyRowedObjectsStoredAsync()
    {
        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        var rowed = (await connection.QueryAsync<string>("select storage_key from audio_objects")).ToHashSet(StringComparer.Ordinal);
        var stored = Directory.EnumerateFiles(AudioRoot, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(AudioRoot, f).Replace(Path.DirectorySeparatorChar, '/'))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Equal(rowed.Order(), stored.Order());
    }
}
