using Mureka.Spec.Music;

namespace Mureka.Engine.Adaptive.Package;

/// <summary>Writes the <see cref="AdaptiveSidecar"/> of a rendered set.</summary>
public static class AdaptiveSidecarBuilder
{
    /// <summary>
    /// The fades a player applies at a cut: long enough that no cut clicks, short enough to stay on the beat (the source
    /// keeps sounding for the fade-out after its exit point, under the transition's first notes).
    /// </summary>
    public static JoinFades Fades { get; } = new(SourceFadeOutMs: 50, DestinationFadeInMs: 5);

    public static AdaptiveSidecar Build(AdaptiveSetRender render, string title)
    {
        ArgumentNullException.ThrowIfNull(render);
        ArgumentNullException.ThrowIfNull(title);
        var set = render.Set;
        var barFrames = set.TimeSignature.QuarterNotesPerBar * 60.0 / set.Bpm * set.SampleRate;
        var states = render.States.Select(s => State(s, set.TimeSignature, barFrames)).ToList();
        return new AdaptiveSidecar
        {
            Title = title,
            ModelId = render.ModelId,
            ModelVersion = render.ModelVersion,
            Seed = set.Seed,
            SampleRate = set.SampleRate,
            BitDepth = set.BitDepth,
            Bpm = set.Bpm,
            TimeSignature = set.TimeSignature.ToString(),
            BeatsPerBar = set.TimeSignature.BeatsPerBar,
            FramesPerBeat = Math.Round(barFrames / set.TimeSignature.BeatsPerBar, 6),
            Key = set.Key.Name,
            ThemeSource = render.Theme.Source,
            Joins = Fades,
            States = states,
            Transitions = [.. render.Transitions.Select(t => Transition(t, states.Single(s => s.Name == t.Transition.From)))],
            Stingers = [.. render.Stingers.Select(Stinger)],
            BilledMs = set.BilledMilliseconds,
        };
    }

    private static SidecarState State(AdaptiveStateRender state, TimeSignature meter, double barFrames)
    {
        var full = state.Full;
        var frames = (long)full.Audio.Mix.Frames;
        var bars = state.State.Bars;
        var beatFrames = barFrames / meter.BeatsPerBar;
        var barLines = Enumerable.Range(0, bars).Select(bar => (long)Math.Round(bar * barFrames)).ToList();
        return new SidecarState(
            state.State.Name,
            full.Request.Genre,
            full.Request.Mood,
            full.Request.Key.Name,
            bars,
            frames,
            full.Metadata.DurationMs,
            AdaptiveSetLayout.StateFull(state.State.Name),
            new SidecarLoop(0, frames),
            EntryFrame: 0,
            ExitFrame: frames,
            barLines,
            [.. Enumerable.Range(0, bars * meter.BeatsPerBar).Select(beat => (long)Math.Round(beat * beatFrames))],
            [.. full.Metadata.Sections.Select(s => new SidecarSection(s.Name, s.StartBar, s.Bars, s.StartFrame, s.EndFrame))],
            [.. barLines.Skip(1).Append(frames)],
            [.. state.Layers.Select((_, i) => new SidecarLayer(i + 1, AdaptiveSetLayout.StateLayer(state.State.Name, i + 1), state.LayerParts[i]))],
            full.Metadata.IntegratedLufs,
            full.Metadata.TruePeakDbtp);
    }

    private static SidecarTransition Transition(AdaptiveTransitionRender transition, SidecarState source)
    {
        var frames = (long)transition.Render.Audio.Mix.Frames;
        return new SidecarTransition(
            transition.Transition.From,
            transition.Transition.To,
            AdaptiveSetLayout.Transition(transition.Transition.From, transition.Transition.To),
            transition.Transition.Bars,
            frames,
            EntryFrame: 0,
            transition.ExitFrame,
            PreEntryFrames: 0,
            PostExitFrames: frames - transition.ExitFrame,
            source.ExitPoints,
            DestinationEntryFrame: 0);
    }

    private static SidecarStinger Stinger(AdaptiveStingerRender stinger) =>
        new(stinger.Stinger.Name, stinger.Render.Request.Mood, AdaptiveSetLayout.Stinger(stinger.Stinger.Name), stinger.Render.Audio.Mix.Frames, SyncFrame: 0, AlignTo: "bar", stinger.HitFrame);
}
