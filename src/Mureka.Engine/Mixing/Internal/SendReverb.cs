using Mureka.Engine.Music;
using Mureka.Engine.Rendering.Internal;

namespace Mureka.Engine.Mixing.Internal;

/// <summary>
/// A Freeverb-style reverb (Schroeder–Moorer: eight damped feedback combs in parallel, four allpasses in series, per
/// channel, the right channel's delays spread a little longer). It is linear and time-invariant, so running each
/// stem's send through its own identical instance and summing equals reverberating the summed sends: stems still
/// add up to the mix. Each comb and allpass runs over the whole buffer in its own tight loop.
/// </summary>
internal sealed class SendReverb
{
    // Jezar's Freeverb tunings at 44.1 kHz (public domain), scaled to the sample rate.
    private static readonly int[] CombTunings = [1116, 1188, 1277, 1356, 1422, 1491, 1557, 1617];
    private static readonly int[] AllpassTunings = [556, 441, 341, 225];
    private const int StereoSpread = 23;
    private const float InputGain = 0.015f;
    private const float AllpassFeedback = 0.5f;
    private const float AntiDenormal = 1e-18f;

    // Makes ReturnDb = 0 roughly as loud as the dry send for a medium room.
    private const double WetNormalisation = 3.0;

    // Long enough for the longest hall to fall 60 dB before a loop's tail is folded onto its start.
    private const double LoopTailSeconds = 6.0;
    private const double LoopTailFadeSeconds = 0.2;

    private readonly ReverbSettings settings;

    public SendReverb(ReverbSettings settings)
    {
        this.settings = settings;
    }

    /// <summary>The wet signal for a send bus, exactly as long as the input; a loop's tail wraps onto its start.</summary>
    public AudioBuffer Process(AudioBuffer send, bool loop)
    {
        var sampleRate = send.SampleRate;
        var frames = send.Frames;
        var tail = loop ? (int)(LoopTailSeconds * sampleRate) : 0;
        var preDelay = (int)(settings.PreDelayMs / 1000 * sampleRate);
        var length = frames + tail;

        // Mono input to the network, delayed by the pre-delay.
        var input = new float[length];
        for (var i = 0; i + preDelay < length && i < frames; i++)
        {
            input[i + preDelay] = (InputGain * (send.Left[i] + send.Right[i])) + AntiDenormal;
        }

        var scale = sampleRate / 44100.0;
        var feedback = (float)(0.7 + (0.28 * Math.Clamp(settings.RoomSize, 0, 1)));
        var damping = (float)(0.4 * Math.Clamp(settings.Damping, 0, 1));
        var left = Network(input, scale, 0, feedback, damping);
        var right = Network(input, scale, StereoSpread, feedback, damping);

        var wet = (float)(WetNormalisation * Math.Pow(10, settings.ReturnDb / 20));
        var width = (float)Math.Clamp(settings.Width, 0, 1);
        var direct = wet * ((width / 2) + 0.5f);
        var cross = wet * ((1 - width) / 2);
        for (var i = 0; i < length; i++)
        {
            var l = left[i];
            var r = right[i];
            left[i] = (l * direct) + (r * cross);
            right[i] = (r * direct) + (l * cross);
        }

        if (!loop)
        {
            return new AudioBuffer(sampleRate, left, right);
        }

        var output = new AudioBuffer(sampleRate, frames);
        var fade = (int)(LoopTailFadeSeconds * sampleRate);
        LoopWrapper.Wrap(left, output.Left, fade);
        LoopWrapper.Wrap(right, output.Right, fade);
        return output;
    }

    private static float[] Network(float[] input, double scale, int spread, float feedback, float damping)
    {
        var output = new float[input.Length];
        foreach (var tuning in CombTunings)
        {
            Comb(input, output, Math.Max(1, (int)((tuning + spread) * scale)), feedback, damping);
        }

        foreach (var tuning in AllpassTunings)
        {
            Allpass(output, Math.Max(1, (int)((tuning + spread) * scale)));
        }

        return output;
    }

    /// <summary>Feedback comb with a one-pole low-pass in the loop (the damping); adds its output to <paramref name="output"/>.</summary>
    private static void Comb(float[] input, float[] output, int delay, float feedback, float damping)
    {
        var buffer = new float[delay];
        var index = 0;
        var store = 0f;
        var keep = 1f - damping;
        for (var i = 0; i < input.Length; i++)
        {
            var y = buffer[index];
            store = (y * keep) + (store * damping);
            buffer[index] = input[i] + (store * feedback);
            if (++index == delay)
            {
                index = 0;
            }

            output[i] += y;
        }
    }

    private static void Allpass(float[] signal, int delay)
    {
        var buffer = new float[delay];
        var index = 0;
        for (var i = 0; i < signal.Length; i++)
        {
            var x = signal[i];
            var delayed = buffer[index];
            buffer[index] = x + (delayed * AllpassFeedback);
            if (++index == delay)
            {
                index = 0;
            }

            signal[i] = delayed - x;
        }
    }
}
