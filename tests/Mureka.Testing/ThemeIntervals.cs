namespace Mureka.Testing;

/// <summary>
/// How much of a theme's interval sequence a melody states: the theme's successive pitch steps are laid along the
/// melody at every offset, and the best offset's share of matching steps is the answer (any transposition matches,
/// since only intervals are compared).
/// </summary>
public static class ThemeIntervals
{
    public static double BestMatch(IReadOnlyList<int> themePitches, IReadOnlyList<int> melodyPitches)
    {
        ArgumentNullException.ThrowIfNull(themePitches);
        ArgumentNullException.ThrowIfNull(melodyPitches);
        var steps = themePitches.Count - 1;
        if (steps <= 0)
        {
            return 0;
        }

        var best = 0;
        for (var offset = 0; offset + 1 < melodyPitches.Count; offset++)
        {
            var matched = 0;
            for (var i = 0; i < steps && offset + i + 1 < melodyPitches.Count; i++)
            {
                if (melodyPitches[offset + i + 1] - melodyPitches[offset + i] == themePitches[i + 1] - themePitches[i])
                {
                    matched++;
                }
            }

            best = Math.Max(best, matched);
        }

        return best / (double)steps;
    }
}
