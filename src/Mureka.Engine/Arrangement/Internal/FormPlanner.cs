using Mureka.Engine.Music;

namespace Mureka.Engine.Arrangement.Internal;

/// <summary>
/// Lays the composed bars out over the whole piece with a form that scales with its length — intro, "a" and
/// "b" statements, a breakdown, a build, the final statement and an outro — and an energy curve over time that
/// decides which parts play. Non-loop pieces end in one ending bar (the final hit); loops are body only so
/// their end leads back to their start.
/// </summary>
internal static class FormPlanner
{
    private const double IntroEnergy = 0.45;
    private const double AEnergy = 0.6;
    private const double BEnergy = 0.8;
    private const double RepeatLift = 0.05;
    private const double BreakdownEnergy = 0.3;
    private const double FinaleEnergy = 1.0;
    private const double FinalHitEnergy = 0.9;
    private const double LoopEnergy = 0.75;

    /// <summary>Plans <paramref name="bodyBars"/> body bars (plus the ending bar unless looping).</summary>
    /// <param name="themeBars">
    /// Set for a sheet built on a customer's theme (<see cref="LeadSheet.ThemeBars"/>): sections move in phrases of the
    /// theme's length so each "a" states it whole, and the last section keeps its material instead of closing on the
    /// sheet's last bar (the theme's own ending is the cadence).
    /// </param>
    /// <param name="segments">
    /// For an extension: the body bars and intensity of the piece as first planned, then of each continuation, the last
    /// being this piece's. The first is planned exactly as it was (its last section still closing on the cadence), so
    /// its bars play as before; each continuation's sections follow it, and only the last one leads to the ending.
    /// </param>
    public static (IReadOnlyList<BarPlan> Bars, IReadOnlyList<ScoreSection> Sections) Plan(
        int bodyBars, int leadBars, bool loop, int? themeBars = null, IReadOnlyList<(int BodyBars, int Intensity)>? segments = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(leadBars);
        ArgumentOutOfRangeException.ThrowIfNegative(bodyBars);
        int? Unit(int bars) => themeBars is { } phrase ? ThemeUnit(phrase, bars) : null;
        var parts = new List<(List<SectionSpec> Specs, int? Intensity)>();
        if (loop)
        {
            parts.Add((LoopSections(bodyBars, leadBars), null));
        }
        else if (segments is { Count: > 1 })
        {
            // Each continuation is planned in the unit the whole piece would have, like any section.
            var done = 0;
            for (var k = 0; k < segments.Count; k++)
            {
                var end = Math.Max(done, k == segments.Count - 1 ? bodyBars : segments[k].BodyBars);
                var specs = k == 0 ? Sections(end, Unit(end)) : Continuation(end - done, Unit(bodyBars));
                if (k > 0 && specs.Count > 0 && parts[^1].Specs.Count > 0)
                {
                    // The continuation sets off at the energy the music had, then eases to its own: no step at the join.
                    specs[0] = specs[0] with { EnergyFrom = parts[^1].Specs[^1].EnergyTo };
                }

                parts.Add((specs, segments[k].Intensity));
                done = end;
            }
        }
        else
        {
            parts.Add((Sections(bodyBars, Unit(bodyBars)), null));
        }

        var material = new Material(leadBars, closesOnLastBar: themeBars is null);
        var bars = new List<BarPlan>(bodyBars + 1);
        var sections = new List<ScoreSection>();
        foreach (var (specs, intensity) in parts)
        {
            for (var s = 0; s < specs.Count; s++)
            {
                var spec = specs[s];

                // The section before an ending closes on the cadence; a piece that was continued keeps the close it had.
                var closesBody = s == specs.Count - 1 && !loop;
                var start = bars.Count;
                for (var i = 0; i < spec.Bars; i++)
                {
                    var energy = spec.Bars == 1 ? spec.EnergyTo : spec.EnergyFrom + ((spec.EnergyTo - spec.EnergyFrom) * i / (spec.Bars - 1));
                    var leadBar = material.LeadBar(spec, i, closesBody);
                    var endsSection = i == spec.Bars - 1;
                    bars.Add(new BarPlan(bars.Count, leadBar, spec.Role, spec.Name, i == 0, endsSection, energy)
                    {
                        EndsPhrase = endsSection || (i + 1) % 4 == 0,
                        Intensity = intensity,
                    });
                }

                sections.Add(new ScoreSection(spec.Name, start, spec.Bars));
            }
        }

        if (!loop)
        {
            bars.Add(new BarPlan(bars.Count, -1, BarRole.Final, "ending", true, true, FinalHitEnergy) { EndsPhrase = true, Intensity = parts[^1].Intensity });
            sections.Add(new ScoreSection("ending", bars.Count - 1, 1));
        }

        return (bars, sections);
    }

    /// <summary>
    /// The sections that continue a piece for <paramref name="bodyBars"/> more bars: planned as a piece of that length,
    /// but without an intro (the music is already under way: an intro's bars lengthen the first section, or play the
    /// "b" material when there is no other).
    /// </summary>
    internal static List<SectionSpec> Continuation(int bodyBars, int? sectionBars)
    {
        var specs = Sections(bodyBars, sectionBars);
        if (specs.Count > 1 && specs[0].Role == BarRole.Intro)
        {
            // An intro's bars (often just the bars left over from whole sections) lengthen the first section instead.
            specs[1] = specs[1] with { Bars = specs[1].Bars + specs[0].Bars };
            specs.RemoveAt(0);
        }

        return [.. specs.Select(spec => spec.Role == BarRole.Intro ? Spec("b", spec.Bars, 1) : spec)];
    }

    /// <summary>The body's sections, in order, for a non-loop piece of <paramref name="bodyBars"/> bars.</summary>
    internal static List<SectionSpec> Sections(int bodyBars, int? sectionBars = null)
    {
        if (bodyBars == 0)
        {
            return [];
        }

        // Long pieces move in eight-bar sections, shorter ones in four-bar phrases; a theme sets its own length.
        var unit = sectionBars ?? (bodyBars >= 48 ? 8 : 4);
        var units = bodyBars / unit;
        var leftover = bodyBars % unit;
        var names = units switch
        {
            0 => [],
            1 => ["a"],
            2 => ["a", "b"],
            3 => ["a", "b", "a*"],
            4 => ["intro", "a", "b", "a*"],
            5 => ["intro", "a", "b", "build", "a*"],
            6 => ["intro", "a", "b", "breakdown", "build", "a*"],
            7 => ["intro", "a", "b", "breakdown", "build", "a*", "outro"],
            _ => LongForm(units),
        };

        var specs = new List<SectionSpec>(names.Count + 1);
        var statements = 0;
        foreach (var name in names)
        {
            specs.Add(Spec(name, unit, name is "a" or "b" ? statements++ / 2 : 0));
        }

        // Bars that do not make a whole unit lengthen the outro by a phrase and the intro by the rest (or
        // become an intro), keeping phrases on the grid.
        if (leftover >= 4 && specs.Count > 0 && specs[^1].Role == BarRole.Outro)
        {
            specs[^1] = specs[^1] with { Bars = specs[^1].Bars + 4 };
            leftover -= 4;
        }

        if (leftover > 0)
        {
            if (specs.Count > 0 && specs[0].Role == BarRole.Intro)
            {
                specs[0] = specs[0] with { Bars = specs[0].Bars + leftover };
            }
            else
            {
                specs.Insert(0, Spec(units == 0 ? "a" : "intro", leftover, 0));
            }
        }

        return specs;
    }

    /// <summary>A theme's phrase, doubled for a short theme in a long piece so sections keep their usual eight bars.</summary>
    private static int ThemeUnit(int themeBars, int bodyBars) => themeBars < 8 && bodyBars >= 48 ? 2 * themeBars : themeBars;

    private static List<string> LongForm(int units)
    {
        // intro, a, b, then extra statements, breakdown, build, the finale (a, b) and the outro.
        var names = new List<string> { "intro", "a", "b" };
        var extra = units - 8;
        for (var i = 0; i < extra; i++)
        {
            names.Add(i % 2 == 0 ? "a" : "b");
        }

        names.AddRange(["breakdown", "build", "a*", "b*", "outro"]);
        return names;
    }

    private static SectionSpec Spec(string name, int bars, int repeat) => name switch
    {
        "intro" => new("intro", BarRole.Intro, bars, IntroEnergy, IntroEnergy, Material.A),
        "a" => new("a", BarRole.Body, bars, Lift(AEnergy, repeat), Lift(AEnergy, repeat), Material.A),
        "b" => new("b", BarRole.Body, bars, Lift(BEnergy, repeat), Lift(BEnergy, repeat), Material.B),
        "breakdown" => new("breakdown", BarRole.Breakdown, bars, BreakdownEnergy, BreakdownEnergy, Material.A),
        "build" => new("build", BarRole.Build, bars, 0.45, 0.9, Material.B),
        "a*" => new("a", BarRole.Body, bars, FinaleEnergy, FinaleEnergy, Material.A),
        "b*" => new("b", BarRole.Body, bars, 0.95, 0.95, Material.B),
        "outro" => new("outro", BarRole.Outro, bars, 0.55, 0.4, Material.B),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown section"),
    };

    private static double Lift(double energy, int repeat) => Math.Min(0.9, energy + (RepeatLift * repeat));

    private static List<SectionSpec> LoopSections(int bodyBars, int leadBars)
    {
        // A loop plays the lead sheet through; long sheets split into an "a" and a "b" half.
        var specs = new List<SectionSpec>();
        var position = 0;
        while (position < bodyBars)
        {
            var halves = leadBars >= 8 ? 2 : 1;
            for (var h = 0; h < halves && position < bodyBars; h++)
            {
                var length = Math.Min(leadBars / halves, bodyBars - position);
                var isB = h == 1;
                specs.Add(new SectionSpec(isB ? "b" : "a", BarRole.Body, length, isB ? LoopEnergy + RepeatLift : LoopEnergy, isB ? LoopEnergy + RepeatLift : LoopEnergy, isB ? Material.B : Material.A));
                position += length;
            }
        }

        return specs;
    }

    internal sealed record SectionSpec(string Name, BarRole Role, int Bars, double EnergyFrom, double EnergyTo, int Half);

    /// <summary>Which lead-sheet bars a section plays: the first half ("a"), the second ("b"), or all of a short sheet.</summary>
    private sealed class Material(int leadBars, bool closesOnLastBar)
    {
        public const int A = 0;
        public const int B = 1;

        public int LeadBar(SectionSpec spec, int barInSection, bool closesBody)
        {
            // The section before the ending closes on the lead sheet's last bar, which carries its cadence.
            if (closesBody && closesOnLastBar)
            {
                var fromEnd = spec.Bars - 1 - barInSection;
                return ((leadBars - 1 - fromEnd) % leadBars + leadBars) % leadBars;
            }

            var half = leadBars >= 8 ? leadBars / 2 : leadBars;
            var offset = spec.Half == B && leadBars >= 8 ? half : 0;
            var length = spec.Half == B && leadBars >= 8 ? leadBars - half : half;
            return offset + (barInSection % length);
        }
    }
}
