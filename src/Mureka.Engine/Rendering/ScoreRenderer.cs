using Mureka.Engine.Music;
using Mureka.Engine.Rendering.Internal;

namespace Mureka.Engine.Rendering;

/// <summary>
/// Renders a <see cref="Score"/> with FluidSynth: every track dry on its own buffer, or those summed per stem. Thread-safe: every render uses fresh synths.
/// </summary>
public sealed class ScoreRenderer : IDisposable
{
    private readonly string soundFontPath;

    // Held for the renderer's lifetime only so FluidSynth's sample cache keeps the soundfont's samples in memory:
    // each per-job synth then loads the soundfont without reading the sample data again.
    private SynthInstance? cacheKeeper;

    public ScoreRenderer(string soundFontPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(soundFontPath);
        this.soundFontPath = SoundFontLocator.EnsureExists(soundFontPath);
        cacheKeeper = SynthInstance.Create(this.soundFontPath, 44100, reverb: false, chorus: false);
    }

    /// <summary>The dry tracks summed per stem, without any mixing.</summary>
    public RenderedStems Render(
        Score score,
        RenderOptions options,
        IProgress<double>? progress = null,
        CancellationToken cancellationToken = default) =>
        RenderTracks(score, options, progress, cancellationToken).SumByStem(options.SampleRate, options.TotalFrames);

    /// <summary>
    /// Renders every track dry and on its own buffer. The tracks are split into a few render jobs (one fresh synth
    /// each), run in parallel: which tracks share a synth depends only on the score, so the floats do not depend on
    /// the machine's core count.
    /// </summary>
    public RenderedTracks RenderTracks(
        Score score,
        RenderOptions options,
        IProgress<double>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.SampleRate);
        ArgumentOutOfRangeException.ThrowIfNegative(options.TotalFrames);
        ObjectDisposedException.ThrowIf(cacheKeeper is null, this);

        var groups = SynthGroups.Split(score);
        var tracker = new FrameProgress(progress, groups.Count * StemRenderer.RenderFrames(options));
        var stemRenderer = new StemRenderer(soundFontPath, tracker);

        var buffers = new AudioBuffer[groups.Count][];
        var parallelism = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Max(1, Math.Min(Environment.ProcessorCount, groups.Count)),
            CancellationToken = cancellationToken,
        };

        try
        {
            Parallel.For(0, groups.Count, parallelism, g =>
                buffers[g] = stemRenderer.Render(score, groups[g], options, cancellationToken));
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count == 1)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
            throw;
        }

        tracker.Complete();
        var byTrack = new Dictionary<ScoreTrack, AudioBuffer>(ReferenceEqualityComparer.Instance);
        for (var g = 0; g < groups.Count; g++)
        {
            for (var t = 0; t < groups[g].Count; t++)
            {
                byTrack[groups[g][t]] = buffers[g][t];
            }
        }

        return new RenderedTracks(score.Tracks
            .Select(t => new RenderedTrack(t, byTrack.TryGetValue(t, out var audio) ? audio : new AudioBuffer(options.SampleRate, options.TotalFrames)))
            .ToList());
    }

    /// <summary>Starts rendering a piece (not a loop) window by window: see <see cref="TrackStreams"/>.</summary>
    internal TrackStreams Stream(Score score, int sampleRate, int frames, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(cacheKeeper is null, this);
        return new TrackStreams(soundFontPath, score, sampleRate, frames, cancellationToken);
    }

    public void Dispose()
    {
        cacheKeeper?.Dispose();
        cacheKeeper = null;
    }
}
