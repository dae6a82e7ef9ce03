using Mureka.Engine.Music;
using Mureka.Spec.Music;

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
        IReadOnlyList<BarPlan> bars,
        int finalHit16 = 0,
        bool keepsRhythmSection = false)
    {
        Sheet = sheet;
        Key = key;
        Meter = meter;
        Swing = swing;
        // Parts are in the arrangement at the highest intensity any bar plays at; each bar then admits its own layers.
        Intensity = Math.Clamp(Math.Max(intensity, bars.Select(b => b.Intensity ?? 0).DefaultIfEmpty(0).Max()), 1, 3);
        _requestIntensity = Math.Clamp(intensity, 1, 3);
        Seed = seed;
        Bars = bars;
        Sixteenths = meter.SixteenthsPerBar;
        TicksPerBar = (long)Sixteenths * TicksPerSixteenth;
        TotalTicks = TicksPerBar * bars.Count;
        LeadChords = ChordTimeline.Resolve(sheet, key, Sixteenths);
        FinalHit16 = Math.Clamp(finalHit16, 0, Sixteenths - 1);
        KeepsRhythmSection = keepsRhythmSection;
    }

    private readonly int _requestIntensity;

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

    /// <summary>Where the final hit lands in the ending bar (0 = its downbeat; later after a turnaround).</summary>
    public int FinalHit16 { get; }

    /// <summary>Drums and bass play even at intensity 1 (sparser, softer): a beat genre keeps its beat.</summary>
    public bool KeepsRhythmSection { get; }

    /// <summary>Sixteenths per counted beat: a dotted quarter in 6/8, a quarter otherwise.</summary>
    public int Beat16 => Meter.Denominator == 8 ? 6 : 4;

    /// <summary>Whether a part of this layer is in the arrangement at all at the requested intensity.</summary>
    public bool Plays(int layer, bool rhythmSection = false) => LayerLimit(rhythmSection) >= layer;

    /// <summary>The highest layer the request lets a part reach; the rhythm section of a beat genre reaches 2 at intensity 1.</summary>
    public int LayerLimit(bool rhythmSection) => rhythmSection && KeepsRhythmSection ? Math.Max(2, Intensity) : Intensity;

    /// <summary>The highest layer the energy of this bar lets in: breakdowns thin out to layer 1, lifts bring layer 3.</summary>
    public static int EnergyLayer(BarPlan bar) => bar.Role == BarRole.Final ? 3 : bar.Energy >= 0.7 ? 3 : bar.Energy >= 0.4 ? 2 : 1;

    /// <summary>Whether a part of <paramref name="layer"/> plays in <paramref name="bar"/>.</summary>
    public bool PlaysIn(BarPlan bar, int layer) => layer <= EnergyLayer(bar);

    /// <summary>Whether a part of this layer plays in this bar at the bar's own intensity (a continuation may play at another).</summary>
    public bool AdmitsIn(BarPlan bar, int layer, bool rhythmSection)
    {
        var intensity = bar.Intensity ?? _requestIntensity;
        return layer <= (rhythmSection && KeepsRhythmSection ? Math.Max(2, intensity) : intensity);
    }

    /// <summary>The index of the first bar of the section <paramref name="bar"/> belongs to.</summary>
    public int SectionStart(BarPlan bar)
    {
        var index = bar.Index;
        while (index > 0 && !Bars[index].StartsSection)
        {
            index--;
        }

        return index;
    }

    /// <summary>The bar a tick falls in (the last bar for ticks past the end).</summary>
    public BarPlan BarAt(long tick) => Bars[(int)Math.Clamp(tick / TicksPerBar, 0, Bars.Count - 1)];

    /// <summary>Absolute tick of a sixteenth position in a bar, swung; positions past the bar carry into the next.</summary>
    public long Tick(int bar, int position16)
    {
        bar += position16 / Sixteenths;
        position16 %= Sixteenths;
        return (bar * TicksPerBar) + ((long)position16 * TicksPerSixteenth) + Swing.OffsetTicks(position16, TicksPerSixteenth, Meter);
    }

    /// <summary>
    /// The chords a bar plays: its lead bar's; the ending bar holds the tonic from the final hit, after a
    /// dominant turnaround when the hit comes after the downbeat.
    /// </summary>
    public IReadOnlyList<ChordSpan> ChordsOf(BarPlan bar)
    {
        if (bar.Role == BarRole.Final)
        {
            return FinalHit16 == 0
                ? [ChordSpan.Tonic(0, Sixteenths, Key)]
                : [new ChordSpan(0, FinalHit16, 7, ChordQuality.Dominant7, Key), ChordSpan.Tonic(FinalHit16, Sixteenths, Key)];
        }

        return Sheet.Bars.Count == 0 ? [ChordSpan.Tonic(0, Sixteenths, Key)] : LeadChords[bar.LeadBar];
    }

    /// <summary>The chord sounding right after the given bar (for approach notes).</summary>
    public ChordSpan NextChordAfter(BarPlan bar)
    {
        var next = bar.Index + 1 < Bars.Count ? Bars[bar.Index + 1] : Bars[0];
        return ChordsOf(next)[0];
    }

    /// <summary>Velocity offset that follows the energy curve: breakdowns and intros hold back, the finale lifts.</summary>
    public static int DynamicsOf(BarPlan bar) => (int)Math.Round((bar.Energy - 0.6) * 24);

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
