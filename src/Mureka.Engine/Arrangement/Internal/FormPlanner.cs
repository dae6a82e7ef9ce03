using Mureka.Engine.Music;

namespace Mureka.Engine.Arrangement.Internal;

/// <summary>
/// Lays the composed bars out over the whole piece: intro, repeated body passes split into "a" and "b"
/// halves, and a final tonic bar (non-loop); loops are body only so their end leads back to their start.
/// </summary>
internal static class FormPlanner
{
    public static (int Intro, int Body, int Final) Proportions(int totalBars, bool loop)
    {
        if (loop)
        {
            return (0, totalBars, 0);
        }

        if (totalBars <= 1)
        {
            return (0, 0, totalBars);
        }

        var remaining = totalBars - 1;
        var intro = 0;
        if (remaining >= 8)
        {
            // The intro absorbs what is left over so the body keeps four-bar phrases.
            intro = remaining % 4;
            if (intro == 0 && remaining >= 12)
            {
                intro = 4;
            }
        }

        return (intro, remaining - intro, 1);
    }

    public static (IReadOnlyList<BarPlan> Bars, IReadOnlyList<ScoreSection> Sections) Plan(int totalBars, int leadBars, bool loop)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(leadBars);
        var (intro, body, final) = Proportions(totalBars, loop);
        var labels = new List<(int LeadBar, BarRole Role, string Section, bool ForceStart)>(totalBars);

        for (var i = 0; i < intro; i++)
        {
            labels.Add((i % leadBars, BarRole.Intro, "intro", false));
        }

        var fullPasses = body / leadBars;
        var tail = body % leadBars;
        for (var pass = 0; pass < fullPasses; pass++)
        {
            for (var b = 0; b < leadBars; b++)
            {
                labels.Add((b, BarRole.Body, HalfName(b, leadBars), b == 0));
            }
        }

        // A partial pass takes the end of the lead sheet, which carries its cadence.
        for (var b = leadBars - tail; b < leadBars; b++)
        {
            labels.Add((b, BarRole.Body, HalfName(b, leadBars), b == leadBars - tail));
        }

        for (var i = 0; i < final; i++)
        {
            labels.Add((-1, BarRole.Final, "outro", false));
        }

        var bars = new List<BarPlan>(labels.Count);
        var sections = new List<ScoreSection>();
        var sectionStart = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            var starts = i == 0 || labels[i].ForceStart || labels[i].Section != labels[i - 1].Section;
            var ends = i == labels.Count - 1 || labels[i + 1].ForceStart || labels[i + 1].Section != labels[i].Section;
            bars.Add(new BarPlan(i, labels[i].LeadBar, labels[i].Role, labels[i].Section, starts, ends));
            if (starts)
            {
                sectionStart = i;
            }

            if (ends)
            {
                sections.Add(new ScoreSection(labels[i].Section, sectionStart, i - sectionStart + 1));
            }
        }

        return (bars, sections);
    }

    private static string HalfName(int leadBar, int leadBars) => leadBars >= 8 && leadBar >= leadBars / 2 ? "b" : "a";
}
