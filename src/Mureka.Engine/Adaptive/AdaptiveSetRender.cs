using Mureka.Engine.Music;
using Mureka.Spec.Adaptive;
using Mureka.Spec.Themes;

namespace Mureka.Engine.Adaptive;

/// <summary>A rendered adaptive set: every state with its layers, every transition and stinger, on one theme.</summary>
public sealed record AdaptiveSetRender(
    ResolvedAdaptiveSet Set,
    ResolvedTheme Theme,
    IReadOnlyList<AdaptiveStateRender> States,
    IReadOnlyList<AdaptiveTransitionRender> Transitions,
    IReadOnlyList<AdaptiveStingerRender> Stingers,
    string ModelId,
    string ModelVersion);

/// <summary>
/// A state: its full mix (a seamless loop, mastered) and its intensity layers. Layer 1 holds the parts that play at the
/// lowest intensity delivered; each further layer holds only the parts that enter with it. The layers have the full
/// mix's length to the sample, and layer 1 + 2 + 3 is the full mix: each part sounds in its layer exactly as in the
/// full mix, so a game can add or drop layers with no level jump.
/// </summary>
public sealed record AdaptiveStateRender(ResolvedAdaptiveState State, RenderResult Full, IReadOnlyList<AudioBuffer> Layers, IReadOnlyList<IReadOnlyList<string>> LayerParts);

/// <summary>
/// A transition: plays from a bar line of the source (where the source stops) to <see cref="ExitFrame"/>, the bar line
/// on which its final hit lands and the destination enters; the hit then rings on over the destination (post-exit).
/// </summary>
public sealed record AdaptiveTransitionRender(ResolvedAdaptiveTransition Transition, RenderResult Render, long ExitFrame);

/// <summary>A stinger: starts on a bar line of whatever plays; its final hit lands at <see cref="HitFrame"/>.</summary>
public sealed record AdaptiveStingerRender(ResolvedStinger Stinger, RenderResult Render, long HitFrame);
