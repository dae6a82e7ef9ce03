using System.Diagnostics;

namespace Mureka.Streaming.Benchmarks;

/// <summary>What one benchmark request asks for.</summary>
public sealed record TrackRequest(string Genre, string Format, int Seconds, long Seed);

/// <summary>
/// Creates one generation and follows it the way its protocol offers until the whole mix has arrived, stamping
/// every event with the time since the create was sent.
/// </summary>
public abstract class StreamingClient
{
    public abstract string Protocol { get; }

    public async Task<RequestTrace> RunAsync(TrackRequest request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var trace = new RequestTrace(request.Seconds, request.Seed);
        // A render that hangs is a failed request, not a run that never ends: a minute plus the track's length.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(60 + request.Seconds));
        try
        {
            await FollowAsync(request, trace, () => Stopwatch.GetElapsedTime(started).TotalMilliseconds, deadline.Token);
            if (trace.FinishedMs is null || trace.FirstAudioMs is null)
            {
                trace.Error ??= trace.FinishedMs is null ? "the stream ended without the finished generation" : "no audio arrived";
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // One failed request is a row in the report, not the end of the run.
            trace.Error = $"{e.GetType().Name}: {e.Message}";
        }

        return trace;
    }

    /// <summary>Creates the generation and records what arrives in <paramref name="trace"/>, <paramref name="now"/> giving the time.</summary>
    protected abstract Task FollowAsync(TrackRequest request, RequestTrace trace, Func<double> now, CancellationToken cancellationToken);
}
