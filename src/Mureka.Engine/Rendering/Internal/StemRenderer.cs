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
        var lastEnd = options.Loop ? options.TotalFrames + (long)(LoopHoldLimitSeconds * options.SampleRate) : renderFrames;
        using var stream = new StemStream(soundFontPath, score, tracks, options.SampleRate, renderFrames, options.TotalFrames, lastEnd, progress);
        stream.RenderTo(renderFrames, cancellationToken);

        for (var i = 0; i < outputs.Length; i++)
        {
            var (left, right) = stream.Track(i);
            outputs[i] = options.Loop ? Wrapped(left, right, options) : new AudioBuffer(options.SampleRate, left, right);
        }

        return outputs;
    }

    private static AudioBuffer Wrapped(float[] left, float[] right, RenderOptions options)
    {
        var output = new AudioBuffer(options.SampleRate, options.TotalFrames);
        var fade = (int)(LoopTailFadeSeconds * options.SampleRate);
        LoopWrapper.Wrap(left, output.Left, fade);
        LoopWrapper.Wrap(right, output.Right, fade);
        return output;
    }

    private static int LoopTailFrames(int sampleRate) => (int)(LoopTailSeconds * sampleRate);

    internal static void SetUpChannels(SynthInstance synth, IReadOnlyList<ScoreTrack> tracks, int[] channels)
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

    internal static void Check(int status, string action)
    {
        if (status != FluidSynthNative.Ok)
        {
            throw new InvalidOperationException($"FluidSynth failed to {action} (status {status}).");
        }
    }

    private static int Clamp(int midiValue) => Math.Clamp(midiValue, 0, 127);
}
