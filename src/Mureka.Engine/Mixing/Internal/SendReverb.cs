using System.Numerics;
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
    private const int Lanes = 4;

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
    public AudioBuffer Process(AudioBuffer send, bool loop) => Process([send], loop)[0];

    /// <summary>
    /// The wet signal of up to four send buses at once: each bus is one lane of a <see cref="Vector4"/>, so the four
    /// identical networks cost about one. Lanes never mix, so each result is what the bus alone would give.
    /// </summary>
    public AudioBuffer[] Process(IReadOnlyList<AudioBuffer> sends, bool loop)
    {
        if (sends.Count is 0 or > Lanes)
        {
            throw new ArgumentException($"Between 1 and {Lanes} sends are processed together.", nameof(sends));
        }

        var sampleRate = sends[0].SampleRate;
        var frames = sends[0].Frames;
        var tail = loop ? (int)(LoopTailSeconds * sampleRate) : 0;
        var preDelay = (int)(settings.PreDelayMs / 1000 * sampleRate);
        var length = frames + tail;

        // Mono input to the network, delayed by the pre-delay.
        var input = new Vector4[length];
        for (var lane = 0; lane < sends.Count; lane++)
        {
            var (l, r) = (sends[lane].Left, sends[lane].Right);
            for (var i = 0; i + preDelay < length && i < frames; i++)
            {
                input[i + preDelay][lane] = (InputGain * (l[i] + r[i])) + AntiDenormal;
            }
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
        var results = new AudioBuffer[sends.Count];
        var fade = (int)(LoopTailFadeSeconds * sampleRate);
        for (var lane = 0; lane < sends.Count; lane++)
        {
            var (wetLeft, wetRight) = (new float[length], new float[length]);
            for (var i = 0; i < length; i++)
            {
                var l = left[i][lane];
                var r = right[i][lane];
                wetLeft[i] = (l * direct) + (r * cross);
                wetRight[i] = (r * direct) + (l * cross);
            }

            if (!loop)
            {
                results[lane] = new AudioBuffer(sampleRate, wetLeft, wetRight);
                continue;
            }

            results[lane] = new AudioBuffer(sampleRate, frames);
            LoopWrapper.Wrap(wetLeft, results[lane].Left, fade);
            LoopWrapper.Wrap(wetRight, results[lane].Right, fade);
        }

        return results;
    }

    private static Vector4[] Network(Vector4[] input, double scale, int spread, float feedback, float damping)
    {
        var output = new Vector4[input.Length];
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
    private static void Comb(Vector4[] input, Vector4[] output, int delay, float feedback, float damping)
    {
        var buffer = new Vector4[delay];
        var index = 0;
        var store = Vector4.Zero;
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

    private static void Allpass(Vector4[] signal, int delay)
    {
        var buffer = new Vector4[delay];
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
