namespace Mureka.Spec.Timing;

/// <summary>
/// How long a resolved spec renders, to the millisecond the ledger records (and bills): a piece is exactly its
/// requested length; a loop is the whole number of bars nearest to it (at least one), so its length follows from the
/// tempo and metre; an extension bills only what it adds. Both the host and the estimate read it here, so an estimate
/// is what a success bills.
/// </summary>
public static class RenderedLength
{
    /// <summary>The bars of a loop: the whole number nearest the requested length, at least one.</summary>
    public static int LoopBars(ResolvedMusicSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(spec.Bpm);
        return Math.Max(1, (int)Math.Round(spec.DurationMs / 1000.0 / BarSeconds(spec), MidpointRounding.AwayFromZero));
    }

    /// <summary>Sample frames of the render at the spec's sample rate.</summary>
    public static long Frames(ResolvedMusicSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Loop
            ? (long)Math.Round(LoopBars(spec) * BarSeconds(spec) * spec.SampleRate)
            : (long)Math.Round(spec.DurationMs * (long)spec.SampleRate / 1000.0);
    }

    /// <summary>The rendered length in whole milliseconds.</summary>
    public static long Milliseconds(ResolvedMusicSpec spec) => (long)Math.Round(Frames(spec) * 1000.0 / spec.SampleRate);

    /// <summary>
    /// What a render bills, as the host reports it and the ledger records it: its length, less the earlier length an
    /// extension continues (that part was billed with the piece it came from).
    /// </summary>
    public static long BilledMilliseconds(ResolvedMusicSpec spec) => Math.Max(0, Milliseconds(spec) - EarlierMilliseconds(spec));

    /// <summary>The length of the piece an extension continues (billed with that piece); 0 for a piece of its own.</summary>
    public static long EarlierMilliseconds(ResolvedMusicSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Extends is { DurationsMs.Count: > 0 } extension ? extension.DurationsMs[^1] : 0;
    }

    private static double BarSeconds(ResolvedMusicSpec spec) => spec.TimeSignature.QuarterNotesPerBar * 60.0 / spec.Bpm;
}
