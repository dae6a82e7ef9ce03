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
        var preDelay = PreDelayFrames(sampleRate);
        var length = frames + tail;

        // Mono input to the network, delayed by the pre-delay.
        var input = new Vector4[length];
        for (var lane = 0; lane < sends.Count; lane++)
        {
            var (l, r) = (sends[lane].Left, sends[lane].Right);
            for (var i = 0; i + preDelay < length && i < frames; i++)
            {
                input[i + preDelay][lane] = Input(l[i], r[i]);
            }
        }

        var (left, right) = Networks(sampleRate);
        var wetLeft4 = new Vector4[length];
        var wetRight4 = new Vector4[length];
        left.Process(input, wetLeft4);
        right.Process(input, wetRight4);
        var (direct, cross) = Returns();
        var results = new AudioBuffer[sends.Count];
        var fade = (int)(LoopTailFadeSeconds * sampleRate);
        for (var lane = 0; lane < sends.Count; lane++)
        {
            var (wetLeft, wetRight) = (new float[length], new float[length]);
            Return(wetLeft4, wetRight4, lane, direct, cross, wetLeft, wetRight);

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

    /// <summary>The left and right networks for a rate; the right's delays are spread a little longer.</summary>
    public (Network Left, Network Right) Networks(int sampleRate)
    {
        var scale = sampleRate / 44100.0;
        var feedback = (float)(0.7 + (0.28 * Math.Clamp(settings.RoomSize, 0, 1)));
        var damping = (float)(0.4 * Math.Clamp(settings.Damping, 0, 1));
        return (new Network(scale, 0, feedback, damping), new Network(scale, StereoSpread, feedback, damping));
    }

    /// <summary>The network's mono input for one frame of a send: its channels summed, scaled, kept off the denormal range.</summary>
    public static float Input(float left, float right) => (InputGain * (left + right)) + AntiDenormal;

    public int PreDelayFrames(int sampleRate) => (int)(settings.PreDelayMs / 1000 * sampleRate);

    /// <summary>How much of each network's output goes to its own side and how much crosses over (the return's width).</summary>
    public (float Direct, float Cross) Returns()
    {
        var wet = (float)(WetNormalisation * Math.Pow(10, settings.ReturnDb / 20));
        var width = (float)Math.Clamp(settings.Width, 0, 1);
        return (wet * ((width / 2) + 0.5f), wet * ((1 - width) / 2));
    }

    /// <summary>Writes one lane of the networks' outputs as a stereo return.</summary>
    public static void Return(ReadOnlySpan<Vector4> left, ReadOnlySpan<Vector4> right, int lane, float direct, float cross, Span<float> wetLeft, Span<float> wetRight)
    {
        for (var i = 0; i < wetLeft.Length; i++)
        {
            var l = left[i][lane];
            var r = right[i][lane];
            wetLeft[i] = (l * direct) + (r * cross);
            wetRight[i] = (r * direct) + (l * cross);
        }
    }

    /// <summary>
    /// One channel's combs and allpasses with their delay lines, carried from one stretch of a stream to the next: a
    /// signal processed in stretches comes out exactly as in one go.
    /// </summary>
    public sealed class Network
    {
        private readonly Comb[] combs;
        private readonly Allpass[] allpasses;

        public Network(double scale, int spread, float feedback, float damping)
        {
            combs = [.. CombTunings.Select(t => new Comb(Math.Max(1, (int)((t + spread) * scale)), feedback, damping))];
            allpasses = [.. AllpassTunings.Select(t => new Allpass(Math.Max(1, (int)((t + spread) * scale))))];
        }

        /// <summary>Adds the network's output for <paramref name="input"/> to <paramref name="output"/> (zero for a plain result).</summary>
        public void Process(ReadOnlySpan<Vector4> input, Span<Vector4> output)
        {
            foreach (var comb in combs)
            {
                comb.Process(input, output);
            }

            foreach (var allpass in allpasses)
            {
                allpass.Process(output);
            }
        }
    }

    /// <summary>Feedback comb with a one-pole low-pass in the loop (the damping); adds its output to the output.</summary>
    private sealed class Comb(int delay, float feedback, float damping)
    {
        private readonly Vector4[] buffer = new Vector4[delay];
        private int index;
        private Vector4 store;

        public void Process(ReadOnlySpan<Vector4> input, Span<Vector4> output)
        {
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
    }

    private sealed class Allpass(int delay)
    {
        private readonly Vector4[] buffer = new Vector4[delay];
        private int index;

        public void Process(Span<Vector4> signal)
        {
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
}
