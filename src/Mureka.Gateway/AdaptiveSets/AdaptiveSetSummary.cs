using Mureka.Spec;
using Mureka.Spec.Adaptive;
using Mureka.Spec.Timing;

namespace Mureka.Gateway.AdaptiveSets;

/// <summary>
/// A resolved set as the API shows it: the shared key, tempo and metre, and every state, transition and stinger with
/// the seconds it bills. <see cref="BilledSeconds"/> is their sum: each state once (its layers are parts of its one
/// render), plus every transition and stinger.
/// </summary>
public sealed record AdaptiveSetSummary(
    string Model,
    string Key,
    double Bpm,
    string TimeSignature,
    int Layers,
    int TransitionBars,
    int SampleRate,
    int BitDepth,
    ulong Seed,
    IReadOnlyList<AdaptiveStateSummary> States,
    IReadOnlyList<AdaptiveTransitionSummary> Transitions,
    IReadOnlyList<AdaptiveStingerSummary> Stingers,
    double BilledSeconds)
{
    public static AdaptiveSetSummary From(ResolvedAdaptiveSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        return new AdaptiveSetSummary(
            set.Model,
            set.Key.ToString(),
            set.Bpm,
            set.TimeSignature.ToString(),
            set.Layers,
            set.TransitionBars,
            set.SampleRate,
            set.BitDepth,
            set.Seed,
            [.. set.States.Select(s => new AdaptiveStateSummary(s.Name, s.Bars, s.Spec.Genre, s.Spec.Mood, s.Spec.Key.ToString(), Seconds(s.Spec)))],
            [.. set.Transitions.Select(t => new AdaptiveTransitionSummary(t.From, t.To, t.Bars, Seconds(t.Spec)))],
            [.. set.Stingers.Select(s => new AdaptiveStingerSummary(s.Name, Seconds(s.Spec)))],
            set.BilledMilliseconds / 1000.0);
    }

    private static double Seconds(ResolvedMusicSpec spec) => RenderedLength.Milliseconds(spec) / 1000.0;
}

/// <param name="Seconds">The loop's length: what the state bills, however many layers it is delivered in.</param>
public sealed record AdaptiveStateSummary(string Name, int Bars, string Genre, string Mood, string Key, double Seconds);

/// <param name="Seconds">The whole file, ring-out included.</param>
public sealed record AdaptiveTransitionSummary(string From, string To, int Bars, double Seconds);

/// <param name="Seconds">The whole file, ring-out included.</param>
public sealed record AdaptiveStingerSummary(string Name, double Seconds);
