using Mureka.Engine;
using Mureka.Inference.Host.Health;
using Mureka.Spec;

namespace Mureka.Inference.Host.Warmup;

/// <summary>
/// Loads the engine and renders one short track so the first real request does not pay for model loading, the
/// soundfont's sample cache or JIT. Idempotent: every caller shares the first successful run.
/// </summary>
public sealed partial class WarmupService(
    IServiceProvider services,
    HostHealth health,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<WarmupService> logger)
{
    // Short but real: every stem sounds, so each code path (compose, arrange, all four synths, mastering, WAV) runs once.
    private static readonly MusicSpec Request = new()
    {
        Genre = "corporate-pop",
        Mood = "uplifting",
        DurationMs = 2_000,
        Seed = 1,
        Format = "wav",
    };

    private readonly Lock _gate = new();
    private Task<TimeSpan>? _run;

    public bool IsReady => _run is { IsCompletedSuccessfully: true };

    /// <summary>Returns how long the (first) warm-up took. The caller's token only stops its wait, never the shared run.</summary>
    public Task<TimeSpan> WarmupAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_run is null || _run.IsFaulted || _run.IsCanceled)
            {
                _run = Task.Run(() => RunAsync(lifetime.ApplicationStopping), CancellationToken.None);
            }

            return _run.WaitAsync(cancellationToken);
        }
    }

    private async Task<TimeSpan> RunAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        try
        {
            var engine = services.GetRequiredService<MurekaEngine>();
            var result = await engine.RenderAsync(SpecResolver.Resolve(Request), cancellationToken: cancellationToken).ConfigureAwait(false);
            await result.WriteAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            var took = time.GetElapsedTime(started);
            health.MarkServing();
            LogWarm(logger, engine.Model.Info.Id, engine.Model.Info.Version, engine.Model.ExecutionProvider, (long)took.TotalMilliseconds);
            return took;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, ex);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Warm-up done: model {ModelId} {ModelVersion} on {ExecutionProvider} in {ElapsedMs} ms")]
    private static partial void LogWarm(ILogger logger, string modelId, string modelVersion, string executionProvider, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Warm-up failed; the host stays NOT_SERVING")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
