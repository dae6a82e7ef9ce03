using Mureka.Engine.Music;

namespace Mureka.Engine.Mixing.Internal;

/// <summary>
/// The kick-keyed duck of house music, derived from the score rather than from audio, so it is exact and
/// deterministic: at every kick the shape rises to 1 in a few milliseconds and falls back to 0 over half a beat.
/// A part's gain is then 1 − depth × shape. In a loop, a duck that runs past the end continues at the start.
/// </summary>
internal static class SidechainEnvelope
{
    private const int KickLow = 35;
    private const int KickHigh = 36;
    private const double AttackSeconds = 0.004;
    private const double ReleaseBeats = 0.5;

    /// <summary>The duck shape (0 = no duck, 1 = full duck) per frame, or null when the score has no kick.</summary>
    public static float[]? Shape(Score score, int sampleRate, int frames, bool loop)
    {
        var framesPerTick = score.SecondsPerTick * sampleRate;
        var attack = Math.Max(1, (int)(AttackSeconds * sampleRate));
        var release = Math.Max(1, (int)(ReleaseBeats * score.TicksPerQuarter * framesPerTick));
        float[]? shape = null;
        foreach (var track in score.Tracks)
        {
            if (!track.IsPercussion)
            {
                continue;
            }

            foreach (var note in track.Notes)
            {
                if (note.Pitch is < KickLow or > KickHigh)
                {
                    continue;
                }

                var start = (long)Math.Round(note.StartTick * framesPerTick);
                if (start >= frames)
                {
                    continue;
                }

                shape ??= new float[frames];
                Stamp(shape, start, attack, release, loop);
            }
        }

        return shape;
    }

    /// <summary>Multiplies <paramref name="audio"/> by 1 − depth × shape.</summary>
    public static void Apply(AudioBuffer audio, float[] shape, double depth) => Apply(audio.Left, audio.Right, shape, depth);

    /// <summary>Multiplies a stretch of audio by 1 − depth × shape, <paramref name="shape"/> starting on the stretch's first frame.</summary>
    public static void Apply(Span<float> left, Span<float> right, ReadOnlySpan<float> shape, double depth)
    {
        var d = (float)Math.Clamp(depth, 0, 1);
        for (var i = 0; i < left.Length; i++)
        {
            var gain = 1f - (d * shape[i]);
            left[i] *= gain;
            right[i] *= gain;
        }
    }

    private static void Stamp(float[] shape, long start, int attack, int release, bool loop)
    {
        var length = attack + release;
        for (var j = 0; j < length; j++)
        {
            var index = start + j;
            if (index >= shape.Length)
            {
                if (!loop)
                {
                    return;
                }

                index %= shape.Length;
            }

            var value = j < attack
                ? (float)j / attack
                : 0.5f * (1f + MathF.Cos(MathF.PI * (j - attack) / release));
            if (value > shape[index])
            {
                shape[index] = value;
            }
        }
    }
}
