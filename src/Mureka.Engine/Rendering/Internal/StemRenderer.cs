using Mureka.Engine.Music;

namespace Mureka.Engine.Rendering.Internal;

/// <summary>Renders the tracks of one stem on a fresh synth, so the same input always yields the same floats.</summary>
internal sealed class StemRenderer
{
    // Long enough for piano releases and the reverb to die away before the tail is wrapped onto the start.
    private const double LoopTailSeconds = 4.0;
    private const double LoopHoldLimitSeconds = 1.0;
    private const double LoopTailFadeSeconds = 0.1;
    private const int MaxBlockFrames = 8192;

    private readonly string soundFontPath;
    private readonly FrameProgress progress;

    public StemRenderer(string soundFontPath, FrameProgress progress)
    {
        this.soundFontPath = soundFontPath;
        this.progress = progress;
    }

    public static long RenderFrames(RenderOptions options) =>
        options.Loop ? options.TotalFrames + LoopTailFrames(options.SampleRate) : options.TotalFrames;

    public AudioBuffer Render(Score score, IReadOnlyList<ScoreTrack> tracks, RenderOptions options, CancellationToken cancellationToken)
    {
        var output = new AudioBuffer(options.SampleRate, options.TotalFrames);
        if (tracks.Count == 0 || options.TotalFrames == 0)
        {
            return output;
        }

        var renderFrames = (int)RenderFrames(options);
        var channels = ChannelAssignment.Assign(tracks);
        var lastEnd = options.Loop ? options.TotalFrames + (long)(LoopHoldLimitSeconds * options.SampleRate) : renderFrames;
        var events = StemEventBuilder.Build(score, tracks, channels, options.SampleRate, options.TotalFrames, lastEnd);

        var reverb = tracks.Any(t => t.ReverbSend > 0);
        var chorus = tracks.Any(t => t.ChorusSend > 0);
        using var synth = SynthInstance.Create(soundFontPath, options.SampleRate, reverb, chorus);
        SetUpChannels(synth, tracks, channels);

        var left = options.Loop ? new float[renderFrames] : output.Left;
        var right = options.Loop ? new float[renderFrames] : output.Right;
        var position = 0;
        foreach (var e in events)
        {
            if (e.Frame >= renderFrames)
            {
                break;
            }

            position = RenderUntil(synth, left, right, position, (int)e.Frame, cancellationToken);
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

        RenderUntil(synth, left, right, position, renderFrames, cancellationToken);

        if (options.Loop)
        {
            LoopWrapper.Wrap(left, output.Left, (int)(LoopTailFadeSeconds * options.SampleRate));
            LoopWrapper.Wrap(right, output.Right, (int)(LoopTailFadeSeconds * options.SampleRate));
        }

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

            Check(FluidSynthNative.ControlChange(handle, channel, FluidSynthNative.ControllerVolume, Clamp(track.Volume)), "set a controller");
            Check(FluidSynthNative.ControlChange(handle, channel, FluidSynthNative.ControllerExpression, 127), "set a controller");
            Check(FluidSynthNative.ControlChange(handle, channel, FluidSynthNative.ControllerPan, Clamp(track.Pan)), "set a controller");
            Check(FluidSynthNative.ControlChange(handle, channel, FluidSynthNative.ControllerReverbSend, Clamp(track.ReverbSend)), "set a controller");
            Check(FluidSynthNative.ControlChange(handle, channel, FluidSynthNative.ControllerChorusSend, Clamp(track.ChorusSend)), "set a controller");
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

    private unsafe int RenderUntil(SynthInstance synth, float[] left, float[] right, int from, int to, CancellationToken cancellationToken)
    {
        fixed (float* l = left, r = right)
        {
            while (from < to)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = Math.Min(MaxBlockFrames, to - from);
                Check(FluidSynthNative.WriteFloat(synth.Handle, count, l, from, 1, r, from, 1), "render audio");
                from += count;
                progress.Advance(count);
            }
        }

        return from;
    }
}
