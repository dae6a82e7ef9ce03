using Mureka.Spec.Themes;

namespace Mureka.Spec.Adaptive;

/// <summary>
/// A request for an adaptive set as the caller gives it (the REST body of <c>POST /v1/adaptive-sets</c>, snake_case):
/// several states of one piece that share key, tempo, metre and theme, each a seamless loop of stackable intensity
/// layers, with transitions between states and stingers. Every field is optional; <see cref="AdaptiveSetResolver"/>
/// decides the rest.
/// </summary>
public sealed record AdaptiveSetSpec
{
    /// <summary>One of <see cref="Catalog.MusicModels.All"/>; the default model when omitted.</summary>
    public string? Model { get; init; }

    /// <summary>A named set of states (<see cref="AdaptivePresets"/>); used when <see cref="States"/> is omitted.</summary>
    public string? Preset { get; init; }

    /// <summary>The genre of every state that names none (a preset suggests one per state when this is omitted too).</summary>
    public string? Genre { get; init; }

    public double? Bpm { get; init; }

    /// <summary>The set's home key, e.g. "D minor"; states may move to its dominant or subdominant.</summary>
    public string? Key { get; init; }

    public string? TimeSignature { get; init; }

    /// <summary>Bars of every state that names none.</summary>
    public int? Bars { get; init; }

    /// <summary>Intensity layers per state, 1 to 3.</summary>
    public int? Layers { get; init; }

    public IReadOnlyList<AdaptiveStateSpec?>? States { get; init; }

    /// <summary>Which transitions to render; every ordered pair of states when omitted, none when empty.</summary>
    public IReadOnlyList<AdaptiveTransitionSpec?>? Transitions { get; init; }

    /// <summary>Bars of music in each transition before the destination's entry.</summary>
    public int? TransitionBars { get; init; }

    /// <summary>Stinger kinds (<see cref="AdaptiveStingers"/>); all of them when omitted, none when empty.</summary>
    public IReadOnlyList<string?>? Stingers { get; init; }

    public int? SampleRate { get; init; }

    public int? BitDepth { get; init; }

    public long? Seed { get; init; }

    /// <summary>A melody the whole set is built on (MIDI or ABC); composed from the seed when omitted.</summary>
    public MusicTheme? Theme { get; init; }

    /// <summary>The set's name in the customer's catalogue; never changes the music.</summary>
    public string? Title { get; init; }
}

/// <summary>One state of a set: its name (file and middleware object names use it) and what makes it differ.</summary>
public sealed record AdaptiveStateSpec
{
    public string? Name { get; init; }

    public string? Genre { get; init; }

    public string? Mood { get; init; }

    public int? Bars { get; init; }

    /// <summary>The set's key (the default), its dominant or its subdominant.</summary>
    public string? Key { get; init; }
}

/// <summary>A transition to render: from one state's exit points into another's entry.</summary>
public sealed record AdaptiveTransitionSpec
{
    public string? From { get; init; }

    public string? To { get; init; }
}
