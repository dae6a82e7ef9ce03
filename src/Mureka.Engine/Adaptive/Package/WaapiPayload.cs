using System.Globalization;
using System.Text.Json.Nodes;

namespace Mureka.Engine.Adaptive.Package;

/// <summary>
/// The arguments of one WAAPI call, <c>ak.wwise.core.object.set</c>, that build a set in a Wwise project: a switch group
/// with a switch per state, a Music Switch Container whose entries map each switch to a looping playlist of the
/// state's segment (entry, exit and bar cues; its layers as Music Tracks whose volume follows an Intensity game
/// parameter), the transition segments and a transition rule per pair (exit at the next bar, destination from its
/// entry cue, the join fades), and the stingers on triggers. Audio paths start with <see cref="SetDirToken"/>, which the
/// audio team replaces with where they unzipped the set (WAAPI wants absolute paths).
/// </summary>
public static class WaapiPayload
{
    public const string SetDirToken = "{SET_DIR}";

    private const string MusicRoot = "\\Interactive Music Hierarchy\\Default Work Unit";

    // Wwise enumerations (Wwise Objects Reference): MusicCue.CueType, MusicTransition.ExitSourceAt and
    // DestinationJumpPositionPreset, MusicTransition.*ContextType, MusicStinger.PlayAt.
    private const int EntryCue = 0;
    private const int ExitCue = 1;
    private const int CustomCue = 2;
    private const int ExitAtNextBar = 2;
    private const int JumpToEntryCue = 0;
    private const int ContextObject = 2;
    private const int StingerAtNextBar = 2;

    public static JsonObject Build(AdaptiveSidecar sidecar, string containerName)
    {
        ArgumentNullException.ThrowIfNull(sidecar);
        var container = $"{MusicRoot}\\{containerName}";
        var switchGroup = $"\\Switches\\Default Work Unit\\{containerName}_state";
        var intensity = $"\\Game Parameters\\Default Work Unit\\{containerName}_intensity";
        var meter = sidecar.TimeSignature.Split('/');

        var children = new JsonArray();
        foreach (var state in sidecar.States)
        {
            children.Add(new JsonObject
            {
                ["type"] = "MusicPlaylistContainer",
                ["name"] = state.Name,
                ["@PlaylistRoot"] = new JsonObject
                {
                    ["type"] = "MusicPlaylistItem",
                    ["name"] = string.Empty,
                    ["@LoopCount"] = 0,
                    ["children"] = new JsonArray(new JsonObject
                    {
                        ["type"] = "MusicPlaylistItem",
                        ["name"] = string.Empty,
                        ["@PlaylistItemType"] = 1,
                        ["@Segment"] = $"{container}\\{state.Name}\\{state.Name}",
                    }),
                },
                ["children"] = new JsonArray(Segment(state.Name, state.Frames, state.ExitFrame, state.BarFrames, sidecar, [.. state.Layers.Select(l => (l.Index, l.File))], intensity)),
            });
        }

        foreach (var transition in sidecar.Transitions)
        {
            children.Add(Segment(TransitionName(transition), transition.Frames, transition.ExitFrame, [], sidecar, [(1, transition.File)], null));
        }

        foreach (var stinger in sidecar.Stingers)
        {
            children.Add(Segment($"stinger_{stinger.Name}", stinger.Frames, stinger.HitFrame, [], sidecar, [(1, stinger.File)], null));
        }

        var switchContainer = new JsonObject
        {
            ["type"] = "MusicSwitchContainer",
            ["name"] = containerName,
            ["@Tempo"] = sidecar.Bpm,
            ["@TimeSignatureUpper"] = int.Parse(meter[0], CultureInfo.InvariantCulture),
            ["@TimeSignatureLower"] = int.Parse(meter[1], CultureInfo.InvariantCulture),
            ["@Arguments"] = new JsonArray(switchGroup),
            ["@Entries"] = new JsonArray([.. sidecar.States.Select(state => (JsonNode)new JsonObject
            {
                ["type"] = "MultiSwitchEntry",
                ["name"] = string.Empty,
                ["@EntryPath"] = new JsonArray($"{switchGroup}\\{state.Name}"),
                ["@AudioNode"] = $"{container}\\{state.Name}",
            })]),
            ["@TransitionRoot"] = new JsonObject
            {
                ["type"] = "MusicTransition",
                ["name"] = string.Empty,
                ["children"] = new JsonArray([.. sidecar.Transitions.Select(t => (JsonNode)Transition(t, container, sidecar.Joins))]),
            },
            ["@Stingers"] = new JsonArray([.. sidecar.Stingers.Select(s => (JsonNode)new JsonObject
            {
                ["type"] = "MusicStinger",
                ["name"] = string.Empty,
                ["@Trigger"] = $"\\Triggers\\Default Work Unit\\{containerName}_{s.Name}",
                ["@Segment"] = $"{container}\\stinger_{s.Name}",
                ["@PlayAt"] = StingerAtNextBar,
            })]),
            ["children"] = children,
        };

        return new JsonObject
        {
            ["objects"] = new JsonArray(
                new JsonObject
                {
                    ["object"] = "\\Switches\\Default Work Unit",
                    ["children"] = new JsonArray(new JsonObject
                    {
                        ["type"] = "SwitchGroup",
                        ["name"] = $"{containerName}_state",
                        ["children"] = new JsonArray([.. sidecar.States.Select(s => (JsonNode)new JsonObject { ["type"] = "Switch", ["name"] = s.Name })]),
                    }),
                },
                new JsonObject
                {
                    ["object"] = "\\Game Parameters\\Default Work Unit",
                    ["children"] = new JsonArray(new JsonObject
                    {
                        ["type"] = "GameParameter",
                        ["name"] = $"{containerName}_intensity",
                        ["@Min"] = 1,
                        ["@Max"] = sidecar.States.Max(s => s.Layers.Count),
                        ["@InitialValue"] = 1,
                    }),
                },
                new JsonObject
                {
                    ["object"] = "\\Triggers\\Default Work Unit",
                    ["children"] = new JsonArray([.. sidecar.Stingers.Select(s => (JsonNode)new JsonObject { ["type"] = "Trigger", ["name"] = $"{containerName}_{s.Name}" })]),
                },
                new JsonObject
                {
                    ["object"] = MusicRoot,
                    ["children"] = new JsonArray(switchContainer),
                }),
            ["onNameConflict"] = "merge",
            ["listMode"] = "replaceAll",
        };
    }

    public static string TransitionName(SidecarTransition transition) => $"{transition.From}_to_{transition.To}";

    /// <summary>A music segment with its entry and exit cues (and bar cues), one music track per file.</summary>
    private static JsonObject Segment(string name, long frames, long exitFrame, IReadOnlyList<long> barFrames, AdaptiveSidecar sidecar, IReadOnlyList<(int Index, string File)> tracks, string? intensity)
    {
        double Ms(long frame) => Math.Round(frame * 1000.0 / sidecar.SampleRate, 3);
        var cues = new JsonArray(
            Cue("Entry", EntryCue, 0),
            Cue("Exit", ExitCue, Ms(exitFrame)));
        foreach (var (frame, bar) in barFrames.Select((f, i) => (f, i + 1)).Skip(1))
        {
            cues.Add(Cue($"Bar {bar}", CustomCue, Ms(frame)));
        }

        return new JsonObject
        {
            ["type"] = "MusicSegment",
            ["name"] = name,
            ["@Cues"] = cues,
            ["children"] = new JsonArray([.. tracks.Select(t => (JsonNode)Track(name, t.Index, t.File, tracks.Count > 1 ? intensity : null))]),
        };

        static JsonObject Cue(string label, int type, double ms) => new() { ["type"] = "MusicCue", ["name"] = label, ["@CueType"] = type, ["@TimeMs"] = ms };
    }

    /// <summary>A layer's track: silent below its intensity, at full level from it (layer 1 always plays).</summary>
    private static JsonObject Track(string segment, int index, string file, string? intensity)
    {
        var track = new JsonObject
        {
            ["type"] = "MusicTrack",
            ["name"] = index == 1 && intensity is null ? segment : $"{segment}_layer{index}",
            ["import"] = new JsonObject { ["files"] = new JsonArray(new JsonObject { ["audioFile"] = $"{SetDirToken}/{file}" }) },
        };
        if (intensity is not null && index > 1)
        {
            track["@RTPC"] = new JsonArray(new JsonObject
            {
                ["type"] = "RTPC",
                ["name"] = string.Empty,
                ["@Curve"] = new JsonObject
                {
                    ["type"] = "Curve",
                    ["points"] = new JsonArray(
                        new JsonObject { ["x"] = 1, ["y"] = -96, ["shape"] = "Constant" },
                        new JsonObject { ["x"] = index - 0.5, ["y"] = 0, ["shape"] = "Constant" }),
                },
                ["@PropertyName"] = "Volume",
                ["@ControlInput"] = intensity,
            });
        }

        return track;
    }

    private static JsonObject Transition(SidecarTransition transition, string container, JoinFades fades) => new()
    {
        ["type"] = "MusicTransition",
        ["name"] = TransitionName(transition),
        ["@SourceContextType"] = ContextObject,
        ["@SourceContextObject"] = $"{container}\\{transition.From}",
        ["@DestinationContextType"] = ContextObject,
        ["@DestinationContextObject"] = $"{container}\\{transition.To}",
        ["@ExitSourceAt"] = ExitAtNextBar,
        ["@DestinationJumpPositionPreset"] = JumpToEntryCue,
        ["@EnableSourceFadeOut"] = true,
        ["@SourceFadeOutTime"] = fades.SourceFadeOutMs / 1000.0,
        ["@EnableDestinationFadeIn"] = true,
        ["@DestinationFadeInTime"] = fades.DestinationFadeInMs / 1000.0,
        ["@EnableTransitionSegment"] = true,
        ["@TransitionSegment"] = $"{container}\\{TransitionName(transition)}",
    };
}
