using Mureka.Engine.Music;
using Mureka.Engine.Rendering.Internal;

namespace Mureka.Engine.Rendering;

/// <summary>
/// A score's tracks rendering forward window by window (not looping): the same render jobs as
/// <see cref="ScoreRenderer.RenderTracks"/>, each on its own fresh synth whose state runs on from window to window, so
/// every track's floats are those of the one-pass render. The jobs of a window render in parallel.
/// </summary>
internal sealed class TrackStreams : IDisposable
{
    private readonly StemStream[] jobs;

    public TrackStreams(string soundFontPath, Score score, int sampleRate, int frames, CancellationToken cancellationToken)
    {
        var groups = SynthGroups.Split(score);
        jobs = new StemStream[groups.Count];
        try
        {
            // A fresh synth takes tens of milliseconds to set up; the jobs' synths start together.
            Parallel.For(0, groups.Count, Parallelism(groups.Count, cancellationToken), g =>
                jobs[g] = new StemStream(soundFontPath, score, groups[g], sampleRate, frames, frames, frames, progress: null));
        }
        catch
        {
            Dispose();
            throw;
        }

        var byTrack = new Dictionary<ScoreTrack, (float[], float[])>(ReferenceEqualityComparer.Instance);
        for (var g = 0; g < groups.Count; g++)
        {
            for (var t = 0; t < groups[g].Count; t++)
            {
                byTrack[groups[g][t]] = jobs[g].Track(t);
            }
        }

        Tracks = [.. score.Tracks.Select(t => byTrack.TryGetValue(t, out var audio) ? (t, audio.Item1, audio.Item2) : (t, new float[frames], new float[frames]))];
    }

    /// <summary>Every score track, in the score's order, with its full-length dry buffers (silent tracks stay zero).</summary>
    public IReadOnlyList<(ScoreTrack Track, float[] Left, float[] Right)> Tracks { get; }

    /// <summary>Renders every track on to <paramref name="frame"/>.</summary>
    public void RenderTo(int frame, CancellationToken cancellationToken) =>
        Parallel.For(0, jobs.Length, Parallelism(jobs.Length, cancellationToken), g => jobs[g].RenderTo(frame, cancellationToken));

    public void Dispose()
    {
        foreach (var job in jobs)
        {
            job?.Dispose();
        }
    }

    private static ParallelOptions Parallelism(int jobs, CancellationToken cancellationToken) => new()
    {
        MaxDegreeOfParallelism = Math.Max(1, Math.Min(Environment.ProcessorCount, jobs)),
        CancellationToken = cancellationToken,
    };
}
