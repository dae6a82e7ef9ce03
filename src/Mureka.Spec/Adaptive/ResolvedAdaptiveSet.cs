using Mureka.Spec.Music;
using Mureka.Spec.Themes;
using Mureka.Spec.Timing;

namespace Mureka.Spec.Adaptive;

/// <summary>
/// An adaptive set with every field decided (<see cref="AdaptiveSetResolver"/>): the shared key, tempo and metre, and
/// for every state, transition and stinger the resolved spec of the one render that makes it. Stored as the job's
/// <c>resolved</c> document; together with the model version it fully determines the set.
/// </summary>
public sealed record ResolvedAdaptiveSet
{
    public required string Model { get; init; }

    public required double Bpm { get; init; }

    public required MusicalKey Key { get; init; }

    public required TimeSignature TimeSignature { get; init; }

    public required int Layers { get; init; }

    public required int TransitionBars { get; init; }

    public required int SampleRate { get; init; }

    public required int BitDepth { get; init; }

    public required ulong Seed { get; init; }

    /// <summary>The customer's theme as read; null when the engine composes the set's theme from the seed.</summary>
    public ResolvedTheme? Theme { get; init; }

    public required IReadOnlyList<ResolvedAdaptiveState> States { get; init; }

    public required IReadOnlyList<ResolvedAdaptiveTransition> Transitions { get; init; }

    public required IReadOnlyList<ResolvedStinger> Stingers { get; init; }

    /// <summary>
    /// What the set bills, in milliseconds: each state's loop once (its layers are parts of that one render, not renders
    /// of their own), plus every transition and stinger file whole, ring-out included.
    /// </summary>
    public long BilledMilliseconds =>
        States.Sum(s => RenderedLength.Milliseconds(s.Spec))
        + Transitions.Sum(t => RenderedLength.Milliseconds(t.Spec))
        + Stingers.Sum(s => RenderedLength.Milliseconds(s.Spec));
}

/// <summary>A state: a seamless loop of whole bars (its spec has <c>loop</c> set), rendered once for all its layers.</summary>
public sealed record ResolvedAdaptiveState(string Name, int Bars, ResolvedMusicSpec Spec);

/// <summary>
/// A transition: <see cref="Bars"/> bars in the destination's style whose final hit lands on the destination's entry,
/// then rings on over it (the post-exit).
/// </summary>
public sealed record ResolvedAdaptiveTransition(string From, string To, int Bars, ResolvedMusicSpec Spec);

/// <summary>A stinger: a bar and a final hit in the set's key and tempo, for a one-off event.</summary>
public sealed record ResolvedStinger(string Name, ResolvedMusicSpec Spec);
