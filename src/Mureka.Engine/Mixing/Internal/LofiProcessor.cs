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
        var frames = audio.Frames;
        if (frames == 0)
        {
            return;
        }

        var rate = (double)audio.SampleRate;
        var seconds = frames / rate;
        var wowHz = loop ? WholeCycles(colour.WowHz, seconds) : colour.WowHz;
        var flutterHz = loop ? WholeCycles(colour.FlutterHz, seconds) : colour.FlutterHz;
        var wowDepth = colour.WowMs / 1000 * rate;
        var flutterDepth = colour.FlutterMs / 1000 * rate;
        var baseDelay = wowDepth + flutterDepth + 1;
        Shift(audio.Left, wowHz, flutterHz, wowDepth, flutterDepth, baseDelay, rate, loop);
        Shift(audio.Right, wowHz, flutterHz, wowDepth, flutterDepth, baseDelay, rate, loop);
    }

    /// <summary>Adds hiss and crackle at <see cref="LofiColour.NoiseDb"/> under <paramref name="referenceRms"/>.</summary>
    public void AddVinylNoise(AudioBuffer audio, double referenceRms, bool loop)
    {
        var random = new DeterministicRandom(noiseSeed);
        var level = (float)(referenceRms * Math.Pow(10, colour.NoiseDb / 20));
        var hiss = new AudioBuffer(audio.SampleRate, audio.Frames);
        var crackleChance = colour.CracklesPerSecond / audio.SampleRate;
        var crackleDecay = (float)Math.Exp(-1 / (CrackleDecaySeconds * audio.SampleRate));
        float crackle = 0;
        for (var i = 0; i < audio.Frames; i++)
        {
            if (random.NextDouble() < crackleChance)
            {
                crackle = (float)((random.NextDouble() < 0.5 ? -1 : 1) * (4 + (8 * random.NextDouble())));
            }

            hiss.Left[i] = (float)((random.NextDouble() * 2) - 1) + crackle;
            hiss.Right[i] = (float)((random.NextDouble() * 2) - 1) + crackle;
            crackle *= crackleDecay;
        }

        // Band-limit the noise: no rumble or DC, no fizz above the old-record bandwidth.
        var band = new FilterCascade([
            FilterDesign.HighPass(HissLowHz, audio.SampleRate), FilterDesign.LowPass(HissHighHz, audio.SampleRate)]);
        var warm = audio.SampleRate / 4;
        band.Process(hiss.Left, loop, warm);
        band.Process(hiss.Right, loop, warm);
        for (var i = 0; i < audio.Frames; i++)
        {
            audio.Left[i] += hiss.Left[i] * level;
            audio.Right[i] += hiss.Right[i] * level;
        }
    }

    private static double WholeCycles(double hz, double seconds) => Math.Max(1, Math.Round(hz * seconds)) / seconds;

    private void Shift(float[] channel, double wowHz, double flutterHz, double wowDepth, double flutterDepth, double baseDelay, double rate, bool loop)
    {
        var source = (float[])channel.Clone();
        var length = source.Length;
        var wowStep = 2 * Math.PI * wowHz / rate;
        var flutterStep = 2 * Math.PI * flutterHz / rate;
        for (var i = 0; i < length; i++)
        {
            var delay = baseDelay + (wowDepth * Math.Sin((wowStep * i) + wowPhase)) + (flutterDepth * Math.Sin((flutterStep * i) + flutterPhase));
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
}
