using Mureka.Engine.Music;

namespace Mureka.Engine.Arrangement.Internal;

/// <summary>Everything the part writers share: key, grid, swing, the bar plan and each lead bar's chords.</summary>
internal sealed class ArrangementContext
{
    public const int TicksPerQuarter = 480;
    public const int TicksPerSixteenth = TicksPerQuarter / 4;

    /// <summary>Gap left before re-striking so consecutive notes articulate.</summary>
    public const int ReleaseGapTicks = 12;

    public ArrangementContext(
        LeadSheet sheet,
        MusicalKey key,
        TimeSignature meter,
        SwingFeel swing,
        int intensity,
        ulong seed,
        IReadOnlyList<BarPlan> bars)
    {
        Sheet = sheet;
        Key = key;
        Meter = meter;
        Swing = swing;
        Intensity = Math.Clamp(intensity, 1, 3);
        Seed = seed;
        Bars = bars;
        Sixteenths = meter.SixteenthsPerBar;
        TicksPerBar = (long)Sixteenths * TicksPerSixteenth;
        TotalTicks = TicksPerBar * bars.Count;
        LeadChords = ChordTimeline.Resolve(sheet, key, Sixteenths);
        HasBSections = bars.Any(b => b.Section == "b");
    }

    public LeadSheet Sheet { get; }

    public MusicalKey Key { get; }

    public TimeSignature Meter { get; }

    public SwingFeel Swing { get; }

    public int Intensity { get; }

    public ulong Seed { get; }

    public IReadOnlyList<BarPlan> Bars { get; }

    public int Sixteenths { get; }

    public long TicksPerBar { get; }

    public long TotalTicks { get; }

    public IReadOnlyList<IReadOnlyList<ChordSpan>> LeadChords { get; }

    public bool HasBSections { get; }

    /// <summary>Sixteenths per counted beat: a dotted quarter in 6/8, a quarter otherwise.</summary>
    public int Beat16 => Meter.Denominator == 8 ? 6 : 4;

    public bool Plays(int layer) => Intensity >= layer;

    /// <summary>Absolute tick of a sixteenth position in a bar, swung; positions past the bar carry into the next.</summary>
    public long Tick(int bar, int position16)
    {
        bar += position16 / Sixteenths;
        position16 %= Sixteenths;
        return (bar * TicksPerBar) + ((long)position16 * TicksPerSixteenth) + Swing.OffsetTicks(position16, TicksPerSixteenth, Meter);
    }

    /// <summary>The chords a bar plays: its lead bar's, or the tonic for the final bar.</summary>
    public IReadOnlyList<ChordSpan> ChordsOf(BarPlan bar) =>
        bar.Role == BarRole.Final || Sheet.Bars.Count == 0
            ? [ChordSpan.Tonic(0, Sixteenths, Key)]
            : LeadChords[bar.LeadBar];

    /// <summary>The chord sounding right after the given bar (for approach notes).</summary>
    public ChordSpan NextChordAfter(BarPlan bar)
    {
        var next = bar.Index + 1 < Bars.Count ? Bars[bar.Index + 1] : Bars[0];
        return ChordsOf(next)[0];
    }

    /// <summary>Velocity offset for a section: intros hold back, "b" halves lift.</summary>
    public static int DynamicsOf(BarPlan bar) => bar.Role switch
    {
        BarRole.Intro => -10,
        BarRole.Final => -4,
        _ => bar.Section == "b" ? 6 : 0,
    };

    /// <summary>Metric weight of a position, 0..1: downbeat, beat, eighth, sixteenth.</summary>
    public double Accent(int position16)
    {
        if (position16 % Sixteenths == 0)
        {
            return 1.0;
        }

        if (position16 % Beat16 == 0)
        {
            return 0.8;
        }

        return position16 % 2 == 0 ? 0.6 : 0.45;
    }
}
