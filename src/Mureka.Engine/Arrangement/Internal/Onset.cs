namespace Mureka.Engine.Arrangement.Internal;

/// <summary>A strike at a sixteenth position of the bar, lasting <see cref="Length16"/> sixteenths.</summary>
internal readonly record struct Onset(int Position16, int Length16, double Strength, int Variant = 0);

/// <summary>Bar-long rhythms in any supported metre, built from the metre's beats and eighths.</summary>
internal static class Rhythms
{
    public static IReadOnlyList<Onset> EveryStep(ArrangementContext context, int step, int length)
    {
        var onsets = new List<Onset>();
        for (var p = 0; p < context.Sixteenths; p += step)
        {
            onsets.Add(new Onset(p, length, context.Accent(p)));
        }

        return onsets;
    }

    /// <summary>Eighths that fall between the beats.</summary>
    public static IReadOnlyList<Onset> OffbeatEighths(ArrangementContext context, int length)
    {
        var onsets = new List<Onset>();
        for (var p = 2; p < context.Sixteenths; p += 2)
        {
            var offbeat = context.Meter.Denominator == 8 ? p % context.Beat16 != 0 : p % 4 == 2;
            if (offbeat)
            {
                onsets.Add(new Onset(p, length, 0.7));
            }
        }

        return onsets;
    }

    /// <summary>The weak beats of the bar ("pah-pah").</summary>
    public static IReadOnlyList<Onset> WeakBeats(ArrangementContext context)
    {
        if (context.Meter.Denominator == 8)
        {
            return [new(2, 2, 0.55), new(4, 2, 0.5), new(8, 2, 0.55), new(10, 2, 0.5)];
        }

        return context.Sixteenths == 12
            ? [new(4, 3, 0.6), new(8, 3, 0.55)]
            : [new(4, 3, 0.6), new(12, 3, 0.6)];
    }

    /// <summary>Guitar strumming; Variant 1 marks an up-stroke.</summary>
    public static IReadOnlyList<Onset> Strum(ArrangementContext context)
    {
        int[] positions = context.Meter.Denominator == 8
            ? [0, 2, 4, 6, 8, 10]
            : context.Sixteenths == 12 ? [0, 4, 6, 8, 10] : [0, 4, 6, 10, 12, 14];
        var onsets = new List<Onset>();
        for (var i = 0; i < positions.Length; i++)
        {
            var next = i + 1 < positions.Length ? positions[i + 1] : context.Sixteenths;
            var up = context.Meter.Denominator == 8 ? positions[i] % 6 == 4 : positions[i] % 4 == 2;
            onsets.Add(new Onset(positions[i], next - positions[i], up ? 0.5 : context.Accent(positions[i]), up ? 1 : 0));
        }

        return onsets;
    }

    /// <summary>Comping on the downbeat and the "and" of the second beat (Charleston).</summary>
    public static IReadOnlyList<Onset> Charleston(ArrangementContext context) =>
        [new(0, 4, 0.7), new(6, 4, 0.55)];

    /// <summary>Onsets that fall inside a chord span; a change between onsets gets a strike of its own when wanted.</summary>
    public static IReadOnlyList<Onset> Within(IReadOnlyList<Onset> bar, ChordSpan span, bool strikeOnChange)
    {
        var inside = bar.Where(o => o.Position16 >= span.Start16 && o.Position16 < span.End16).ToList();
        if (strikeOnChange && (inside.Count == 0 || inside[0].Position16 != span.Start16))
        {
            var length = (inside.Count > 0 ? inside[0].Position16 : span.End16) - span.Start16;
            inside.Insert(0, new Onset(span.Start16, length, 0.7));
        }

        return [.. inside.Select(o => o with { Length16 = Math.Max(1, Math.Min(o.Length16, span.End16 - o.Position16)) })];
    }
}
