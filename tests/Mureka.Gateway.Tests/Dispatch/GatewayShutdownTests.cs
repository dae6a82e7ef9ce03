using Mureka.Testing;
using Microsoft.Extensions.DependencyInjection;
using Mureka.Gateway.Data;
using Mureka.Gateway.Storage;
using Mureka.Gateway.Tests.Support;

namespace Mureka.Gateway.Tests.Dispatch;

/// <summary>
/// A gateway stopped in the middle of a render that cannot finish within the drain puts the job back in the queue
/// without spending an attempt; the next start finishes it.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class GatewayShutdownTests(StackFixture stack) : GatewayTestBase(stack)
{
    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IAudioStore, GatedAudioStore>();

    [Fact]
    public async Task Gateway_StoppedWhileRendering_JobRequeuedThenFinishedAfterRestart()
    {
        var (tenant, key, _) = await Gateway.CreateTenantAsync();
        ((GatedAudioStore)Gateway.Services.GetRequiredService<IAudioStore>()).Close();
        using var http = Gateway.Http(key);
        var id = Guid.Parse((await PostGenerationAsync(http, new { genre = "corporate-pop", duration_ms = 2000 })).GetProperty("id").GetString()!);
        // Running, and held there: the mix cannot be committed while the gate is closed.
        await WaitForStatusAsync(http, id.ToString(), "running", RenderTimeout);

        await Gateway.DisposeAsync();
        await using (var dataSource = Npgsql.NpgsqlDataSource.Create(ConnectionString))
        {
            var afterStop = await new GenerationRepository(dataSource).GetAsync(tenant, id, CancellationToken.None);
            Assert.Equal(GenerationStatuses.Queued, afterStop!.Status);
            Assert.Null(afterStop.Error);
            Assert.Equal(0, afterStop.Attempts);
        }

        await RestartGatewayAsync(alreadyDisposed: true);

        using var again = Gateway.Http(key);
        var done = await WaitForStatusAsync(again, id.ToString(), "succeeded", RenderTimeout);
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        Wav.Parse(await again.GetByteArrayAsync($"/v1/generations/{id}/audio"));
        Assert.Equal(1, (await Gateway.Repository.GetAsync(tenant, id, CancellationToken.None))!.Attempts);
    }
}

/// <summary>A gateway stopped while a render is running lets it finish (the drain) before it goes.</summary>
[Collection(StackCollection.Name)]
public sealed class GatewayDrainTests(StackFixture stack) : GatewayTestBase(stack)
{
    protected override void Configure(Dictionary<string, string?> settings) => settings["Gateway:DrainTimeout"] = "00:00:30";

    [Fact]
    public async Task Gateway_StoppedWhileRendering_FinishesTheRenderBeforeStopping()
    {
        var (tenant, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        var id = Guid.Parse((await PostGenerationAsync(http, new { genre = "corporate-pop", duration_ms = 6000 })).GetProperty("id").GetString()!);
        await WaitForStatusAsync(http, id.ToString(), "running", RenderTimeout);

        await Gateway.DisposeAsync();

        await using var dataSource = Npgsql.NpgsqlDataSource.Create(ConnectionString);
        var afterStop = await new GenerationRepository(dataSource).GetAsync(tenant, id, CancellationToken.None);
        Assert.Equal(GenerationStatuses.Succeeded, afterStop!.Status);
        Assert.Equal(1, afterStop.Attempts);
        await RestartGatewayAsync(alreadyDisposed: true);
    }
}
