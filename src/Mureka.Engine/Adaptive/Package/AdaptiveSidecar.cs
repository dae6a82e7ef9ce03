namespace Mureka.Engine.Adaptive.Package;

/// <summary>
/// <c>set.json</c>: everything a game's audio code or a middleware import needs to play a set without listening to it
/// first. Positions are in sample frames of the files (exact), with milliseconds beside them for tools that want time.
/// Serialised snake_case (<see cref="AdaptiveSetPackage.Json"/>).
/// </summary>
public sealed record AdaptiveSidecar
{
    /// <summary>The document's shape and its version, so importers can refuse a shape they do not know.</summary>
    public string Format { get; init; } = FormatName;

    public const string FormatName = "mureka-adaptive-set/1";

    public required string Title { get; init; }

    public required string ModelId { get; init; }

    public required string ModelVersion { get; init; }

    public required ulong Seed { get; init; }

    public required int SampleRate { get; init; }

    public required int BitDepth { get; init; }

    public required double Bpm { get; init; }

    public required string TimeSignature { get; init; }

    public required int BeatsPerBar { get; init; }

    /// <summary>Frames per beat of the metre's unit, as a fraction: bar lines fall on whole frames by rounding.</summary>
    public required double FramesPerBeat { get; init; }

    public required string Key { get; init; }

    /// <summary>Where the set's theme came from: "composed" from the seed, or the customer's "midi" or "abc".</summary>
    public required string ThemeSource { get; init; }

    /// <summary>The fades a player applies when it cuts: the source's fade-out after its exit point, the destination's fade-in.</summary>
    public required JoinFades Joins { get; init; }

    public required IReadOnlyList<SidecarState> States { get; init; }

    public required IReadOnlyList<SidecarTransition> Transitions { get; init; }

    public required IReadOnlyList<SidecarStinger> Stingers { get; init; }

    /// <summary>What the set bills, and what counts (each state's loop once, transitions and stingers whole).</summary>
    public required long BilledMs { get; init; }
}

public sealed record JoinFades(int SourceFadeOutMs, int DestinationFadeInMs);

/// <param name="Layers">Stackable layers, lowest first; their sum is <see cref="File"/>.</param>
/// <param name="ExitPoints">Frames where the state may be left for a transition: every bar line, the loop's end included.</param>
public sealed record SidecarState(
    string Name,
    string Genre,
    string Mood,
    string Key,
    int Bars,
    long Frames,
    double DurationMs,
    string File,
    SidecarLoop Loop,
    long EntryFrame,
    long ExitFrame,
    IReadOnlyList<long> BarFrames,
    IReadOnlyList<long> BeatFrames,
    IReadOnlyList<SidecarSection> Sections,
    IReadOnlyList<long> ExitPoints,
    IReadOnlyList<SidecarLayer> Layers,
    double IntegratedLufs,
    double TruePeakDbtp);

/// <summary>The loop as [start, end) in frames; the <c>smpl</c> chunk stores the same loop with an inclusive end.</summary>
public sealed record SidecarLoop(long StartFrame, long EndFrame);

public sealed record SidecarSection(string Name, int StartBar, int Bars, long StartFrame, long EndFrame);

/// <param name="Index">1 for the lowest layer; a game plays layers 1 to its current intensity.</param>
/// <param name="Parts">The arrangement's parts this layer adds.</param>
public sealed record SidecarLayer(int Index, string File, IReadOnlyList<string> Parts);

/// <summary>
/// A transition segment: the source stops at one of <see cref="ExitPoints"/> (fading out by the join fade), the segment
/// starts there at its <see cref="EntryFrame"/>, and at its <see cref="ExitFrame"/> the destination enters at its entry
/// while the segment's last hit rings on for <see cref="PostExitFrames"/>.
/// </summary>
public sealed record SidecarTransition(
    string From,
    string To,
    string File,
    int Bars,
    long Frames,
    long EntryFrame,
    long ExitFrame,
    long PreEntryFrames,
    long PostExitFrames,
    IReadOnlyList<long> ExitPoints,
    long DestinationEntryFrame);

/// <summary>A stinger starts on a bar line of whatever plays (<see cref="AlignTo"/>); its last hit lands at <see cref="HitFrame"/>.</summary>
public sealed record SidecarStinger(string Name, string Mood, string File, long Frames, long SyncFrame, string AlignTo, long HitFrame);
