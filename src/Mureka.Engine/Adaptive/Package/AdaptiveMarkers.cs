using Mureka.Engine.Encoding;

namespace Mureka.Engine.Adaptive.Package;

/// <summary>The timeline marks written into each kind of file of a set (the sidecar states the same positions).</summary>
internal static class AdaptiveMarkers
{
    /// <summary>A state and each of its layers share one timeline: the render's own marks (entry, sections, bars, exit, loop, tempo).</summary>
    public static WavMarkers State(AdaptiveStateRender state) => state.Full.Markers();

    /// <summary>
    /// A transition: its entry at the start, a cue on each bar line, its exit where the final hit lands (the
    /// destination's entry); no loop. The file runs on past the exit: that is the post-exit ring.
    /// </summary>
    public static WavMarkers Transition(AdaptiveTransitionRender transition) => Piece(transition.Render, transition.ExitFrame, "Exit");

    /// <summary>A stinger: its sync point at the start and a cue where its final hit lands.</summary>
    public static WavMarkers Stinger(AdaptiveStingerRender stinger) => Piece(stinger.Render, stinger.HitFrame, "Hit");

    private static WavMarkers Piece(RenderResult render, long lastFrame, string lastLabel)
    {
        var score = render.Score;
        var sampleRate = render.Audio.Mix.SampleRate;
        var bars = (int)Math.Round(lastFrame / (score.BarSeconds * sampleRate));
        var cues = new List<WavCue> { new(0, "Entry") };
        cues.AddRange(Enumerable.Range(0, bars).Select(bar => new WavCue((long)Math.Round(bar * score.BarSeconds * sampleRate), $"Bar {bar + 1}")));
        cues.Add(new WavCue(lastFrame, lastLabel));
        return new WavMarkers([.. cues.OrderBy(c => c.Frame)], null, score.Bpm, score.Meter, score.BarCount * score.Meter.Numerator);
    }
}
