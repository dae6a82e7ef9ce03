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
    /// Renders one item; with a target, and when the request is a plain full mix (<see cref="WindowedRender.Supports"/>),
    /// window by window with every window's encoded bytes handed to the target as soon as they exist.
    /// </summary>
    private async Task<RenderResult> RenderItemAsync(ResolvedMusicSpec request, LeadSheet leadSheet, IProgress<RenderProgress>? progress, MixStreamTarget? target, CancellationToken cancellationToken)
    {
        const double start = 0.3;
        const double share = 0.7;
        if (target is null || !WindowedRender.Supports(request))
        {
            return RenderOne(request, leadSheet, progress, start, share, cancellationToken);
        }

        progress?.Report(new RenderProgress(RenderStage.Arranging, start));
        var score = _arranger.Arrange(leadSheet, request);
        var frames = FrameCount(request);
        var markers = RenderResult.MarkersFor(request, score, SectionsOf(request, score, frames), frames, request.SampleRate);
        var renderProgress = progress is null ? null : new InlineProgress<double>(p => progress.Report(new RenderProgress(RenderStage.Rendering, start + (share * 0.9 * p))));
        var (mix, stems) = await WindowedRender.RenderAsync(
            _renderer,
            score,
            request.SampleRate,
            frames,
            MixProfiles.For(request.Genre),
            MixOptionsFor(request, score),
            new MasteringOptions(),
            () => StreamingEncoder.Start(request.Format, request.BitDepth, request.SampleRate, frames, target.Tags, markers, target.Sink),
            renderProgress,
            cancellationToken).ConfigureAwait(false);

        // Every byte is out; what is left is measuring the finished master for the metadata.
        progress?.Report(new RenderProgress(RenderStage.Mastering, start + (share * 0.9)));
        var audio = new MasteredAudio(mix, stems, LoudnessMeter.IntegratedLufs(mix), TruePeakMeter.TruePeakDbtp(mix));
        return new RenderResult(request, score, audio, Describe(request, score, audio)) { MixStreamed = true };
    }
}
