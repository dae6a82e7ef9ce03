namespace Mureka.Engine.Arrangement.Internal;

/// <summary>
/// Lets a part of one intensity layer play only in the bars whose energy admits that layer, so parts enter
/// and leave with the form (and, in a continuation at another intensity, with that part's intensity). A note held into
/// a bar where the part rests is cut at that barline.
/// </summary>
internal sealed class PartGate(ArrangementContext context, int layer, bool rhythmSection = false)
{
    public bool Allows(long tick)
    {
        var bar = context.BarAt(tick);
        return context.PlaysIn(bar, layer) && context.AdmitsIn(bar, layer, rhythmSection);
    }

    /// <summary>The end of a note starting at <paramref name="start"/>, cut where the part stops playing.</summary>
    public long Clip(long start, long end)
    {
        for (var barStart = ((start / context.TicksPerBar) + 1) * context.TicksPerBar; barStart < end; barStart += context.TicksPerBar)
        {
            if (!Allows(barStart))
            {
                return barStart;
            }
        }

        return end;
    }
}

/// <summary>
/// How a part leans on the beat: a steady offset (bass a touch behind, for instance) plus seeded jitter,
/// in ticks of <see cref="ArrangementContext.TicksPerQuarter"/>. Same seed, same timing.
/// </summary>
internal readonly record struct TimingFeel(int LateTicks, int JitterTicks)
{
    public static TimingFeel Tight => new(0, 0);

    public static TimingFeel For(Music.StemKind stem, string name) => (stem, name) switch
    {
        (Music.StemKind.Drums, _) => new(0, 4),
        (Music.StemKind.Bass, _) => new(4, 4),
        (_, "melody") => new(2, 7),
        _ => new(3, 6),
    };
}
