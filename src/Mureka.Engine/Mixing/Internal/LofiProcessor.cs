using Mureka.Engine.Music;

namespace Mureka.Engine.Mixing.Internal;

/// <summary>
/// Lo-fi colour. Wow and flutter are a slowly modulated delay (linear, and identical on every stem, so stems still sum
/// to the mix); in a loop the modulation makes whole cycles per loop and reads around the end, so the loop stays
/// seamless. Vinyl noise (hiss plus sparse crackles) is drawn from the request seed, so it is the same on every render.
/// </summary>
internal sealed class LofiProcessor
{
    private const double HissLowHz = 400;
    private const double HissHighHz = 5000;
    private const double CrackleDecaySeconds = 0.0004;

    private readonly LofiColour colour;
    private readonly double wowPhase;
    private readonly double flutterPhase;
    private readonly ulong noiseSeed;

    public LofiProcessor(LofiColour colour, ulong seed)
    {
        this.colour = colour;
        var random = new DeterministicRandom(DeterministicRandom.Derive(seed, "mix-lofi-wow"));
        wowPhase = random.NextDouble() * 2 * Math.PI;
        flutterPhase = random.NextDouble() * 2 * Math.PI;
        noiseSeed = DeterministicRandom.Derive(seed, "mix-lofi-noise");
    }

    /// <summary>Applies the same time-varying delay to both channels of <paramref name="audio"/>.</summary>
    public void WowAndFlutter(AudioBuffer audio, bool loop)
    {
        if (audio.Frames == 0)
        {
            return;
        }

        var wow = WowFor(audio.SampleRate, audio.Frames, loop);
        Shift((float[])audio.Left.Clone(), audio.Left, wow, 0, audio.Frames, loop);
        Shift((float[])audio.Right.Clone(), audio.Right, wow, 0, audio.Frames, loop);
    }

    /// <summary>The modulated delay of a piece of <paramref name="frames"/> frames (a loop's makes whole cycles).</summary>
    public Wow WowFor(int sampleRate, int frames, bool loop)
    {
        var rate = (double)sampleRate;
        var seconds = frames / rate;
        var wowDepth = colour.WowMs / 1000 * rate;
        var flutterDepth = colour.FlutterMs / 1000 * rate;
        return new Wow(
            2 * Math.PI * (loop ? WholeCycles(colour.WowHz, seconds) : colour.WowHz) / rate,
            2 * Math.PI * (loop ? WholeCycles(colour.FlutterHz, seconds) : colour.FlutterHz) / rate,
            wowDepth,
            flutterDepth,
            wowDepth + flutterDepth + 1);
    }

    /// <summary>Adds hiss and crackle at <see cref="LofiColour.NoiseDb"/> under <paramref name="referenceRms"/>.</summary>
    public void AddVinylNoise(AudioBuffer audio, double referenceRms, bool loop)
    {
        var hiss = new AudioBuffer(audio.SampleRate, audio.Frames);
        NewHiss(audio.SampleRate).Fill(hiss.Left, hiss.Right);

        var band = HissBand(audio.SampleRate);
        var warm = audio.SampleRate / 4;
        band.Process(hiss.Left, loop, warm);
        band.Process(hiss.Right, loop, warm);
        AddNoise(audio.Left, audio.Right, hiss.Left, hiss.Right, NoiseLevel(referenceRms));
    }

    /// <summary>The hiss and crackle source, drawn from the request seed frame by frame.</summary>
    public Hiss NewHiss(int sampleRate) => new(new DeterministicRandom(noiseSeed), colour.CracklesPerSecond / sampleRate, (float)Math.Exp(-1 / (CrackleDecaySeconds * sampleRate)));

    /// <summary>The old-record bandwidth every stem goes through.</summary>
    public static FilterCascade LowPass(LofiColour colour, int sampleRate) =>
        new([FilterDesign.LowPass(colour.LowPassHz, sampleRate), FilterDesign.LowPass(colour.LowPassHz, sampleRate)]);

    /// <summary>Band-limits the noise: no rumble or DC, no fizz above the old-record bandwidth.</summary>
    public static FilterCascade HissBand(int sampleRate) =>
        new([FilterDesign.HighPass(HissLowHz, sampleRate), FilterDesign.LowPass(HissHighHz, sampleRate)]);

    public float NoiseLevel(double referenceRms) => (float)(referenceRms * Math.Pow(10, colour.NoiseDb / 20));

    public static void AddNoise(Span<float> left, Span<float> right, ReadOnlySpan<float> hissLeft, ReadOnlySpan<float> hissRight, float level)
    {
        for (var i = 0; i < left.Length; i++)
        {
            left[i] += hissLeft[i] * level;
            right[i] += hissRight[i] * level;
        }
    }

    private static double WholeCycles(double hz, double seconds) => Math.Max(1, Math.Round(hz * seconds)) / seconds;

    /// <summary>Writes frames [from, to) of <paramref name="channel"/> from the undelayed <paramref name="source"/> (only earlier frames are read).</summary>
    public void Shift(float[] source, float[] channel, Wow wow, int from, int to, bool loop)
    {
        for (var i = from; i < to; i++)
        {
            var delay = wow.BaseDelay + (wow.WowDepth * Math.Sin((wow.WowStep * i) + wowPhase)) + (wow.FlutterDepth * Math.Sin((wow.FlutterStep * i) + flutterPhase));
            var position = i - delay;
            var index = (int)Math.Floor(position);
            var fraction = (float)(position - index);
            channel[i] = (Read(source, index, loop) * (1 - fraction)) + (Read(source, index + 1, loop) * fraction);
        }
    }

    private static float Read(float[] source, int index, bool loop)
    {
        if (index >= 0)
        {
            return source[index];
        }

        return loop ? source[index + source.Length] : 0f;
    }

    /// <summary>The delay's modulation: per-frame phase steps, depths in frames, and the delay it swings around.</summary>
    public readonly record struct Wow(double WowStep, double FlutterStep, double WowDepth, double FlutterDepth, double BaseDelay);

    /// <summary>White hiss plus sparse decaying crackles, the same on both channels' crackle; carries on from call to call.</summary>
    public sealed class Hiss(DeterministicRandom random, double crackleChance, float crackleDecay)
    {
        private float crackle;

        public void Fill(Span<float> left, Span<float> right)
        {
            for (var i = 0; i < left.Length; i++)
            {
                if (random.NextDouble() < crackleChance)
                {
                    crackle = (float)((random.NextDouble() < 0.5 ? -1 : 1) * (4 + (8 * random.NextDouble())));
                }

                left[i] = (float)((random.NextDouble() * 2) - 1) + crackle;
                right[i] = (float)((random.NextDouble() * 2) - 1) + crackle;
                crackle *= crackleDecay;
            }
        }
    }
}
