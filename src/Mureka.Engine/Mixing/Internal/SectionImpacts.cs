using Mureka.Engine.Music;

namespace Mureka.Engine.Mixing.Internal;

/// <summary>
/// Trailer "hits": a sub boom (a sine gliding from 70 to 38 Hz with an exponential decay) on the first beat of the
/// piece and of every section, under the score's own section-hit drums. Mono and synthesised here, so deterministic.
/// </summary>
internal static class SectionImpacts
{
    private const double StartHz = 70;
    private const double EndHz = 38;
    private const double GlideSeconds = 0.35;
    private const double DecaySeconds = 0.45;
    private const double LengthSeconds = 2.0;
    private const double AttackSeconds = 0.003;

    /// <summary>Adds a boom of peak <paramref name="peak"/> at each section start; a loop's booms wrap around the end.</summary>
    public static void Add(AudioBuffer audio, Score score, float peak, bool loop)
    {
        var boom = Boom(audio.SampleRate, peak);
        foreach (var start in Starts(score, audio.SampleRate, audio.Frames))
        {
            for (var j = 0; j < boom.Length; j++)
            {
                var index = start + j;
                if (index >= audio.Frames)
                {
                    if (!loop)
                    {
                        break;
                    }

                    index %= audio.Frames;
                }

                audio.Left[index] += boom[j];
                audio.Right[index] += boom[j];
            }
        }
    }

    /// <summary>As <see cref="Add"/> (not looping) for frames [from, to) only, with the boom made once by <see cref="Boom"/>.</summary>
    public static void AddRange(AudioBuffer audio, IReadOnlyList<long> starts, float[] boom, int from, int to)
    {
        foreach (var start in starts)
        {
            var first = Math.Max(from, start);
            var end = Math.Min(to, start + boom.Length);
            for (var index = first; index < end; index++)
            {
                audio.Left[index] += boom[index - start];
                audio.Right[index] += boom[index - start];
            }
        }
    }

    /// <summary>The frames the booms start on: the first beat of every section inside the audio.</summary>
    public static IReadOnlyList<long> Starts(Score score, int sampleRate, int frames) =>
        [.. score.Sections.Select(s => (long)Math.Round(s.StartBar * score.BarSeconds * sampleRate)).Where(start => start < frames)];

    public static float[] Boom(int rate, float peak)
    {
        var boom = new float[(int)(LengthSeconds * rate)];
        var phase = 0.0;
        for (var i = 0; i < boom.Length; i++)
        {
            var t = (double)i / rate;
            var glide = Math.Min(1, t / GlideSeconds);
            var hz = StartHz + ((EndHz - StartHz) * glide);
            phase += 2 * Math.PI * hz / rate;
            var envelope = Math.Min(1, t / AttackSeconds) * Math.Exp(-t / DecaySeconds);
            // A raised-cosine end so the boom never stops on a step.
            var end = Math.Min(1, (LengthSeconds - t) / 0.1);
            boom[i] = (float)(peak * envelope * end * Math.Sin(phase));
        }

        // A decaying sine has a net offset; the DC blocker takes it out so the hits leave no DC in the mix.
        new FilterCascade([FilterDesign.HighPass(TrackChain.DcBlockHz, rate)]).Process(boom, loop: false, 0);
        return boom;
    }
}
