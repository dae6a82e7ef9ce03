using Mureka.Engine.Composer;
using Mureka.Engine.Mastering;
using Mureka.Engine.Internal;
using Mureka.Engine.Mixing;
using Mureka.Engine.Music;
using Mureka.Engine.Rendering;
using Mureka.Spec;

namespace Mureka.Engine;

/// <summary>Stackable intensity layers: one piece at intensities 1, 2 and 3 that a game engine can stack or crossfade.</summary>
public sealed partial class MurekaEngine
{
    /// <summary>
    /// Renders the request's piece at every intensity, 1 to 3 (the request's own intensity is ignored). The layers
    /// share one lead sheet, one form and one render of the full arrangement; each lower layer is a subset of its
    /// parts, mixed with the full mix's bus decisions and mastered with the full master's gain curve. A part
    /// therefore sounds at exactly the same level in every layer it plays in, and the layers stack and crossfade
    /// without jumps; the full layer meets the loudness target and the sparser ones are quieter by what they leave out.
    /// </summary>
    /// <exception cref="ArgumentException">The request asks for an alt mix: layers are always of the full mix.</exception>
    public async Task<IReadOnlyList<RenderResult>> RenderLayersAsync(ResolvedMusicSpec request, IProgress<RenderProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Refused rather than ignored: ignoring would deliver the melody the caller asked to leave out, and an alt mix
        // of a sparse layer (drums and bass of intensity 1) is a product nobody has asked for yet.
        if (request.Mix != MixVersion.Full)
        {
            throw new ArgumentException($"intensity layers are rendered from the full mix; mix '{request.Mix.Name()}' cannot be layered", nameof(request));
        }

        var composeProgress = progress is null ? null : new InlineProgress<double>(p => progress.Report(new RenderProgress(RenderStage.Composing, 0.2 * p)));
        var compositions = await Task.Run(() => _composer.Compose([ToComposition(request)], composeProgress, cancellationToken), cancellationToken).ConfigureAwait(false);
        return await Task.Run(() => RenderLayers(request, compositions[0].LeadSheet, progress, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    private RenderResult[] RenderLayers(ResolvedMusicSpec request, LeadSheet leadSheet, IProgress<RenderProgress>? progress, CancellationToken cancellationToken)
    {
        var layered = RenderLayered(request, leadSheet, progress, cancellationToken);
        var results = new RenderResult[layered.Requests.Count];
        results[^1] = layered.Full;
        for (var i = 0; i < results.Length - 1; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var audio = layered.MixParts(layered.Scores[i].Tracks, true);
            results[i] = new RenderResult(layered.Requests[i], layered.Scores[i], audio, Describe(layered.Requests[i], layered.Scores[i], audio));
        }

        progress?.Report(new RenderProgress(RenderStage.Done, 1));
        return results;
    }

    /// <summary>
    /// The piece arranged at every intensity and rendered once in full: the full mix mastered, and what any subset of
    /// its parts needs to be mixed and mastered exactly as it sounds inside the full mix.
    /// </summary>
    private LayeredRender RenderLayered(ResolvedMusicSpec request, LeadSheet leadSheet, IProgress<RenderProgress>? progress, CancellationToken cancellationToken)
    {
        var requests = Enumerable.Range(SpecLimits.MinIntensity, SpecLimits.MaxIntensity - SpecLimits.MinIntensity + 1)
            .Select(intensity => request with { Intensity = intensity })
            .ToList();
        var full = requests[^1];
        progress?.Report(new RenderProgress(RenderStage.Arranging, 0.2));
        var scores = requests.Select(r => _arranger.Arrange(leadSheet, r)).ToList();
        var fullScore = scores[^1];

        var renderProgress = progress is null ? null : new InlineProgress<double>(p => progress.Report(new RenderProgress(RenderStage.Rendering, 0.2 + (0.5 * p))));
        var tracks = _renderer.RenderTracks(fullScore, new RenderOptions(full.SampleRate, FrameCount(full), full.Loop), renderProgress, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();

        progress?.Report(new RenderProgress(RenderStage.Mastering, 0.7));
        var profile = MixProfiles.For(full.Genre);
        var mixOptions = MixOptionsFor(full, fullScore);
        var (fullStems, bus) = ScoreMixer.MixWithBus(fullScore, tracks, profile, mixOptions, cancellationToken);
        var (fullAudio, curve) = _master.MasterWithCurve(fullStems, new Mastering.MasteringOptions(Loop: full.Loop));
        var fullResult = new RenderResult(full, fullScore, fullAudio, Describe(full, fullScore, fullAudio));
        return new LayeredRender(requests, scores, fullResult, (parts, busAdditions) =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            var partTracks = new RenderedTracks([.. parts.Select(track => SameTrackIn(tracks, track))]);
            return _master.ApplyCurve(ScoreMixer.MixLayer(fullScore, partTracks, profile, mixOptions, bus, busAdditions, cancellationToken), curve);
        });
    }

    /// <param name="MixParts">
    /// Mixes and masters some of the full score's parts as they sound in the full mix, with or without the bus's own
    /// additions (<see cref="ScoreMixer.MixLayer"/>).
    /// </param>
    private sealed record LayeredRender(
        IReadOnlyList<ResolvedMusicSpec> Requests, IReadOnlyList<Score> Scores, RenderResult Full, Func<IEnumerable<ScoreTrack>, bool, MasteredAudio> MixParts);

    /// <summary>The full render of a lower layer's track; the arranger writes a layer's parts identically at every intensity.</summary>
    private static RenderedTrack SameTrackIn(RenderedTracks full, ScoreTrack track)
    {
        var match = full.Tracks.FirstOrDefault(t => t.Track.Name == track.Name);
        if (match is null || !match.Track.Notes.SequenceEqual(track.Notes))
        {
            throw new InvalidOperationException($"The '{track.Name}' part of a lower intensity differs from the full arrangement's; the layers would not stack.");
        }

        return match;
    }
}
