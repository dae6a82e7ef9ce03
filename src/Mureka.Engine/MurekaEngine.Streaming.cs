using Mureka.Engine.Encoding;
using Mureka.Engine.Internal;
using Mureka.Engine.Mastering;
using Mureka.Engine.Mixing;
using Mureka.Engine.Music;
using Mureka.Engine.Streaming;
using Mureka.Spec;

namespace Mureka.Engine;

/// <summary>Items whose mix is encoded and handed out window by window as it renders.</summary>
public sealed partial class MurekaEngine
{
    /// <summary>
    /// Renders one item. A piece longer than 48 s that is not a loop (<see cref="WindowedRender.Supports"/>) renders
    /// window by window whether or not anyone streams it (the CLI, a host sending files whole, a host streaming), so the
    /// same request and seed give the same audio everywhere, and a version or an extension is made from the same mix as
    /// its parent; with a target, a full mix's encoded bytes are handed to it window by window as soon as they exist.
    /// </summary>
    private async Task<RenderResult> RenderItemAsync(ResolvedMusicSpec request, LeadSheet leadSheet, IProgress<RenderProgress>? progress, MixStreamTarget? target, CancellationToken cancellationToken, double start = 0.3, double share = 0.7)
    {
        if (!WindowedRender.Supports(request))
        {
            return RenderOne(request, leadSheet, progress, start, share, cancellationToken);
        }

        progress?.Report(new RenderProgress(RenderStage.Arranging, start));
        var score = _arranger.Arrange(leadSheet, request);
        var frames = FrameCount(request);
        var markers = RenderResult.MarkersFor(request, score, SectionsOf(request, score, frames), frames, request.SampleRate);
        var renderProgress = progress is null ? null : new InlineProgress<double>(p => progress.Report(new RenderProgress(RenderStage.Rendering, start + (share * 0.9 * p))));
        var (mix, stems, mixed, curve) = await WindowedRender.RenderAsync(
            _renderer,
            score,
            request.SampleRate,
            frames,
            MixProfiles.For(request.Genre),
            MixOptionsFor(request, score),
            new MasteringOptions(),
            target is null || !WindowedRender.Streams(request) ? null : () => StreamingEncoder.Start(request.Format, request.BitDepth, request.SampleRate, frames, target.Tags, markers, target.Sink),
            renderProgress,
            cancellationToken).ConfigureAwait(false);

        // Every byte is out; what is left is measuring the finished master for the metadata.
        progress?.Report(new RenderProgress(RenderStage.Mastering, start + (share * 0.9)));
        // An alternative mix keeps some of the full mix's parts under the full master's curve (as RenderOne does).
        var audio = request.Mix == MixVersion.Full
            ? new MasteredAudio(mix, stems, LoudnessMeter.IntegratedLufs(mix), TruePeakMeter.TruePeakDbtp(mix))
            : _master.ApplyCurveUnderCeiling(AltMixes.Keep(mixed, request.Mix), curve, new MasteringOptions());
        return new RenderResult(request, score, audio, Describe(request, score, audio)) { MixStreamed = target is not null && WindowedRender.Streams(request) };
    }

    /// <summary>
    /// A plain full mix rendered in one pass, mastered on the whole file, whatever its length: how a piece up to 48 s
    /// renders, and the reference a windowed master's loudness is checked against.
    /// </summary>
    internal async Task<RenderResult> RenderOnePassAsync(ResolvedMusicSpec request, CancellationToken cancellationToken = default)
    {
        var compositions = await Task.Run(() => _composer.Compose([ToComposition(request)], null, cancellationToken), cancellationToken).ConfigureAwait(false);
        return await Task.Run(() => RenderOne(request, compositions[0].LeadSheet, null, 0, 1, cancellationToken), cancellationToken).ConfigureAwait(false);
    }
}
