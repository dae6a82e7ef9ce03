using Mureka.Engine.Music;

namespace Mureka.Engine.Rendering.Internal;

/// <summary>
/// Renders the tracks of one stem on one fresh synth, so the same input always yields the same floats. Every track has
/// its own MIDI channel and FluidSynth audio group, so each comes out dry (no synth reverb or chorus) on its own buffer:
/// level, pan, width and effects are the mixer's job.
/// </summary>
internal sealed class StemRenderer
{
    // Long enough for piano releases to die away before the tail is wrapped onto the start.
    private const double LoopTailSeconds = 4.0;
    private const double LoopHoldLimitSeconds = 1.0;
    private const double LoopTailFadeSeconds = 0.1;
    private const int MaxBlockFrames = 8192;
    private const int CentrePan = 64;

    private readonly string soundFontPath;
    private readonly FrameProgress progress;

    public StemRenderer(string soundFontPath, FrameProgress progress)
    {
        this.soundFontPath = soundFontPath;
        this.progress = progress;
    }

    public static long RenderFrames(RenderOptions options) =>
        options.Loop ? options.TotalFrames + LoopTailFrames(options.SampleRate) : options.TotalFrames;

    /// <summary>One buffer per track, in the order of <paramref name="tracks"/>, each exactly <see cref="RenderOptions.TotalFrames"/> long.</summary>
    public AudioBuffer[] Render(Score score, IReadOnlyList<ScoreTrack> tracks, RenderOptions options, CancellationToken cancellationToken)
    {
        var outputs = new AudioBuffer[tracks.Count];
        if (tracks.Count == 0 || options.TotalFrames == 0)
        {
            for (var i = 0; i < outputs.Length; i++)
            {
                outputs[i] = new AudioBuffer(options.SampleRate, options.TotalFrames);
            }

            return outputs;
        }

        var renderFrames = (int)RenderFrames(options);
        var channels = ChannelAssignment.Assign(tracks);
        var lastEnd = options.Loop ? options.TotalFrames + (long)(LoopHoldLimitSeconds * options.SampleRate) : renderFrames;
        var events = StemEventBuilder.Build(score, tracks, channels, options.SampleRate, options.TotalFrames, lastEnd);

        using var synth = SynthInstance.Create(soundFontPath, options.SampleRate, reverb: false, chorus: false);
        SetUpChannels(synth, tracks, channels);

        // Pinned, so the synth can write straight into them; a loop renders its tail too and is wrapped afterwards.
        var targets = new TrackTarget[tracks.Count];
        for (var i = 0; i < targets.Length; i++)
        {
            targets[i] = new TrackTarget(channels[i], GC.AllocateArray<float>(renderFrames, pinned: true), GC.AllocateArray<float>(renderFrames, pinned: true));
        }

        var position = 0;
        foreach (var e in events)
        {
            if (e.Frame >= renderFrames)
            {
                break;
            }

            position = RenderUntil(synth, targets, position, (int)e.Frame, cancellationToken);
            if (e.IsNoteOn)
            {
                // A failed note-on (no sample for that key in the preset) is silence, not an error.
                _ = FluidSynthNative.NoteOn(synth.Handle, e.Channel, e.Key, e.Velocity);
            }
            else
            {
                // Fails harmlessly when an overlapping repeat of the key was already released.
                _ = FluidSynthNative.NoteOff(synth.Handle, e.Channel, e.Key);
            }
        }

        RenderUntil(synth, targets, position, renderFrames, cancellationToken);

        for (var i = 0; i < targets.Length; i++)
        {
            outputs[i] = options.Loop ? Wrapped(targets[i], options) : new AudioBuffer(options.SampleRate, targets[i].Left, targets[i].Right);
        }

        return outputs;
    }

    private static AudioBuffer Wrapped(TrackTarget target, RenderOptions options)
    {
        var output = new AudioBuffer(options.SampleRate, options.TotalFrames);
        var fade = (int)(LoopTailFadeSeconds * options.SampleRate);
        LoopWrapper.Wrap(target.Left, output.Left, fade);
        LoopWrapper.Wrap(target.Right, output.Right, fade);
        return output;
    }

    private static int LoopTailFrames(int sampleRate) => (int)(LoopTailSeconds * sampleRate);

    private static void SetUpChannels(SynthInstance synth, IReadOnlyList<ScoreTrack> tracks, int[] channels)
    {
        var handle = synth.Handle;
        for (var i = 0; i < tracks.Count; i++)
        {
            var track = tracks[i];
            var channel = channels[i];
            if (track.IsPercussion)
            {
                _ = FluidSynthNative.SetChannelType(handle, channel, FluidSynthNative.ChannelTypeDrum);
                if (FluidSynthNative.ProgramSelect(handle, channel, synth.SoundFontId, FluidSynthNative.DrumBank, Clamp(track.DrumKit)) != FluidSynthNative.Ok)
                {
                    Check(FluidSynthNative.ProgramSelect(handle, channel, synth.SoundFontId, FluidSynthNative.DrumBank, 0), "select the standard drum kit");
                }
            }
            else if (FluidSynthNative.ProgramSelect(handle, channel, synth.SoundFontId, 0, Clamp(track.Program)) != FluidSynthNative.Ok)
            {
                Check(FluidSynthNative.ProgramSelect(handle, channel, synth.SoundFontId, 0, 0), "select the piano preset");
            }

            // Rendered centred: the mixer pans with its own mono-safe law.
            Check(FluidSynthNative.ControlChange(handle, channel, FluidSynthNative.ControllerVolume, Clamp(track.Volume)), "set a controller");
            Check(FluidSynthNative.ControlChange(handle, channel, FluidSynthNative.ControllerExpression, 127), "set a controller");
            Check(FluidSynthNative.ControlChange(handle, channel, FluidSynthNative.ControllerPan, CentrePan), "set a controller");
        }
    }

    private static void Check(int status, string action)
    {
        if (status != FluidSynthNative.Ok)
        {
            throw new InvalidOperationException($"FluidSynth failed to {action} (status {status}).");
        }
    }

    private static int Clamp(int midiValue) => Math.Clamp(midiValue, 0, 127);

    private unsafe int RenderUntil(SynthInstance synth, TrackTarget[] targets, int from, int to, CancellationToken cancellationToken)
    {
        const int outputs = SynthInstance.AudioGroups * 2;
        var pointers = stackalloc float*[outputs];
        // Channels without a track still get a buffer; their output is silence and never read.
        var scratch = stackalloc float[MaxBlockFrames];
        while (from < to)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(MaxBlockFrames, to - from);
            for (var o = 0; o < outputs; o++)
            {
                pointers[o] = scratch;
            }

            foreach (var target in targets)
            {
                // The arrays are pinned (pinned object heap) and still zero here, and FluidSynth adds into them.
                pointers[target.Channel * 2] = (float*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref target.Left[from]);
                pointers[(target.Channel * 2) + 1] = (float*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref target.Right[from]);
            }

            Check(FluidSynthNative.Process(synth.Handle, count, 0, null, outputs, pointers), "render audio");
            from += count;
            progress.Advance(count);
        }

        return from;
    }

    private readonly record struct TrackTarget(int Channel, float[] Left, float[] Right);
}
