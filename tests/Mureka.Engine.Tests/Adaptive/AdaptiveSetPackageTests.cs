using System.Text.Json;
using System.Text.Json.Nodes;
using Mureka.Engine.Adaptive.Package;
using Mureka.Engine.Tests.TestSupport;
using Mureka.Testing;

namespace Mureka.Engine.Tests.Adaptive;

/// <summary>The archive an audio team receives, read back with tools that are not ours: unzip, the RIFF reader, ffprobe, node.</summary>
[Collection(EngineCollection.Name)]
public sealed class AdaptiveSetPackageTests(SharedEngine shared)
{
    private static readonly string Middleware = Path.Combine(AppContext.BaseDirectory, "Adaptive", "Middleware");

    [Fact]
    public async Task Archive_HoldsExactlyTheFilesTheSidecarNames_AndTheHandOffFiles()
    {
        var (_, zip, directory) = await PackagedSet.GetAsync(shared.Engine);
        var sidecar = await SidecarAsync(directory);

        var listed = (await ToolRun.TextAsync("unzip", ["-Z1", zip])).Split('\n', StringSplitOptions.RemoveEmptyEntries).Order().ToList();
        var named = sidecar.States.SelectMany(s => s.Layers.Select(l => l.File).Append(s.File))
            .Concat(sidecar.Transitions.Select(t => t.File))
            .Concat(sidecar.Stingers.Select(s => s.File))
            .Concat([AdaptiveSetLayout.Sidecar, AdaptiveSetLayout.Readme, AdaptiveSetLayout.FmodScript, AdaptiveSetLayout.WaapiPayload])
            .Order()
            .ToList();
        Assert.Equal(named, listed);
        Assert.Equal(4 * 4 + 12 + 3 + 4, listed.Count);
        Assert.Contains("Unity", await File.ReadAllTextAsync(Path.Combine(directory, AdaptiveSetLayout.Readme)));
    }

    [Fact]
    public async Task StateFiles_CarryEntryExitBarCues_TheLoop_AndTheTempo_AsTheSidecarSays()
    {
        var (render, _, directory) = await PackagedSet.GetAsync(shared.Engine);
        var sidecar = await SidecarAsync(directory);

        foreach (var state in sidecar.States)
        {
            foreach (var file in state.Layers.Select(l => l.File).Append(state.File))
            {
                var timeline = WavTimeline.Read(await File.ReadAllBytesAsync(Path.Combine(directory, file)));
                Assert.Equal(state.Frames, timeline.DataFrames);
                Assert.Equal((0u, (uint)(state.Frames - 1)), (timeline.Loop!.Value.Start, timeline.Loop.Value.EndInclusive));
                Assert.Equal(110f, timeline.Acid!.Value.Tempo);
                Assert.Equal((4, 4, (uint)(state.Bars * 4)), (timeline.Acid.Value.Numerator, timeline.Acid.Value.Denominator, timeline.Acid.Value.Beats));
                Assert.Equal((0u, "Entry"), Cue(timeline, "Entry"));
                Assert.Equal(((uint)state.Frames, "Exit"), Cue(timeline, "Exit"));
                Assert.Equal(state.BarFrames.Select(f => (uint)f), timeline.Cues.Where(c => c.Label!.StartsWith("Bar ", StringComparison.Ordinal)).Select(c => c.SampleOffset));
                Assert.Equal(state.Sections.Count, timeline.Cues.Count(c => state.Sections.Any(s => s.Name == c.Label && (uint)s.StartFrame == c.SampleOffset)));
            }

            Assert.Equal(state.Bars, state.ExitPoints.Count);
            Assert.Equal(state.Frames, state.ExitPoints[^1]);
            Assert.Equal(state.Bars * 4, state.BeatFrames.Count);
            Assert.Equal(state.BarFrames, state.BeatFrames.Where((_, i) => i % 4 == 0));
        }

        Assert.Equal(render.Set.BilledMilliseconds, sidecar.BilledMs);
        var probe = JsonDocument.Parse(await ToolRun.TextAsync("ffprobe", ["-v", "error", "-show_streams", "-of", "json", Path.Combine(directory, sidecar.States[0].File)]));
        var stream = probe.RootElement.GetProperty("streams")[0];
        Assert.Equal(("48000", 24), (stream.GetProperty("sample_rate").GetString(), stream.GetProperty("bits_per_sample").GetInt32()));
    }

    [Fact]
    public async Task TransitionAndStingerFiles_CarryTheirExitAndHitCues_AndProvenance()
    {
        var (render, _, directory) = await PackagedSet.GetAsync(shared.Engine);
        var sidecar = await SidecarAsync(directory);

        foreach (var transition in sidecar.Transitions)
        {
            var timeline = WavTimeline.Read(await File.ReadAllBytesAsync(Path.Combine(directory, transition.File)));
            Assert.Equal(transition.Frames, timeline.DataFrames);
            Assert.Null(timeline.Loop);
            Assert.Equal(((uint)transition.ExitFrame, "Exit"), Cue(timeline, "Exit"));
            Assert.Equal(transition.Frames - transition.ExitFrame, transition.PostExitFrames);
            Assert.Equal((long)Math.Round(transition.Bars * 4 * 60.0 / 110 * 48_000), transition.ExitFrame);
        }

        foreach (var stinger in sidecar.Stingers)
        {
            var timeline = WavTimeline.Read(await File.ReadAllBytesAsync(Path.Combine(directory, stinger.File)));
            Assert.Equal(((uint)stinger.HitFrame, "Hit"), Cue(timeline, "Hit"));
        }

        // ffprobe reads the BWF description and LIST/INFO back: the job, the model and version, and the file's own seed.
        var victory = render.Stingers.Single(s => s.Stinger.Name == "victory");
        var tags = await FfprobeTags.ReadAsync(Path.Combine(directory, AdaptiveSetLayout.Stinger("victory")));
        var comment = tags.Format["comment"];
        Assert.Contains(PackagedSet.GenerationId, comment);
        Assert.Contains($"seed {victory.Render.Request.Seed}", comment);
        Assert.Contains(render.ModelVersion, comment);
    }

    [Fact]
    public async Task WaapiPayload_FollowsTheDocumentedObjectSetSchema_AndEveryReferenceResolves()
    {
        var (_, _, directory) = await PackagedSet.GetAsync(shared.Engine);
        var sidecar = await SidecarAsync(directory);
        var payload = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(directory, AdaptiveSetLayout.WaapiPayload)))!;

        var schema = await NJsonSchema.JsonSchema.FromFileAsync(Path.Combine(Middleware, "waapi-object-set.schema.json"));
        var errors = schema.Validate(payload.ToJsonString());
        Assert.True(errors.Count == 0, string.Join("; ", errors.Select(e => $"{e.Path}: {e.Kind}")));
        var unknownMode = payload.DeepClone();
        unknownMode["onNameConflict"] = "overwrite";
        Assert.NotEmpty(schema.Validate(unknownMode.ToJsonString()));
        var unknownType = payload.DeepClone();
        unknownType["objects"]![3]!["children"]![0]!["children"]![0]!["type"] = "MusicSwitchContainerr";
        Assert.NotEmpty(schema.Validate(unknownType.ToJsonString()));

        // Every path the payload refers to is one it creates; every audio file is in the archive.
        var created = new HashSet<string>(StringComparer.Ordinal);
        foreach (var root in payload["objects"]!.AsArray())
        {
            Collect(root!["object"]!.GetValue<string>(), root["children"]?.AsArray(), created);
        }

        var references = Descendants(payload).OfType<JsonObject>()
            .SelectMany(o => o.Where(p => p.Key is "@Segment" or "@AudioNode" or "@TransitionSegment" or "@SourceContextObject" or "@DestinationContextObject" or "@Trigger" or "@ControlInput"))
            .Select(p => p.Value!.GetValue<string>())
            .Concat(Descendants(payload).OfType<JsonObject>().Where(o => o.ContainsKey("@EntryPath")).SelectMany(o => o["@EntryPath"]!.AsArray().Select(e => e!.GetValue<string>())))
            .ToList();
        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.Contains(r, created));

        var audioFiles = Descendants(payload).OfType<JsonObject>().Where(o => o.ContainsKey("audioFile")).Select(o => o["audioFile"]!.GetValue<string>()).ToList();
        Assert.Equal(4 * 3 + 12 + 3, audioFiles.Count);
        Assert.All(audioFiles, f => Assert.True(File.Exists(Path.Combine(directory, f.Replace(WaapiPayload.SetDirToken + "/", string.Empty, StringComparison.Ordinal))), f));

        var transitions = Descendants(payload).OfType<JsonObject>().Where(o => o["type"]?.GetValue<string>() == "MusicTransition" && o.ContainsKey("@SourceContextObject")).ToList();
        Assert.Equal(sidecar.Transitions.Count, transitions.Count);
        Assert.All(transitions, t => Assert.Equal(2, t["@ExitSourceAt"]!.GetValue<int>()));
    }

    [Fact]
    public async Task FmodScript_RunsAgainstTheDocumentedScriptingApi_AndBuildsTheEvent()
    {
        var (_, _, directory) = await PackagedSet.GetAsync(shared.Engine);
        var sidecar = await SidecarAsync(directory);

        var output = await ToolRun.TextAsync("node", [Path.Combine(Middleware, "fmod-studio-model.js"), Path.Combine(directory, AdaptiveSetLayout.FmodScript), directory]);
        using var built = JsonDocument.Parse(output);
        var events = built.RootElement.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(["Music/Test set", "Music/Test set stingers/victory", "Music/Test set stingers/defeat", "Music/Test set stingers/discovery"], events.Select(e => e.GetProperty("name").GetString()!));

        var music = events[0];
        var markers = music.GetProperty("markers").EnumerateArray().Select(m => (Name: m.GetProperty("name").GetString()!, Position: m.GetProperty("position").GetDouble())).ToList();
        // Each state behind a destination marker of its name, one after another on the timeline.
        var position = 0.0;
        foreach (var state in sidecar.States)
        {
            Assert.Equal(position, markers.Single(m => m.Name == state.Name).Position, 1e-5);
            position += state.Frames / 48_000.0;
        }

        var entities = built.RootElement.GetProperty("entities").EnumerateArray().ToList();
        var loops = entities.Where(e => e.GetProperty("kind").GetString() == "LoopRegion").ToList();
        Assert.Equal(sidecar.States.Select(s => Math.Round(s.Frames / 48_000.0, 6)), loops.Select(l => Math.Round(l.GetProperty("length").GetDouble(), 6)));
        var tempo = entities.Single(e => e.GetProperty("kind").GetString() == "TempoMarker");
        Assert.Equal((110.0, 4, 4), (tempo.GetProperty("tempo").GetDouble(), tempo.GetProperty("timeSignatureNumerator").GetInt32(), tempo.GetProperty("timeSignatureDenominator").GetInt32()));
        Assert.Equal(sidecar.Transitions.Count, entities.Count(e => e.GetProperty("kind").GetString() == "TransitionRegion"));
        Assert.Equal(sidecar.Transitions.Select(t => t.To).Order(), entities.Where(e => e.GetProperty("kind").GetString() == "TransitionMarker").Select(e => e.GetProperty("destination").GetString()!).Order());

        var tracks = music.GetProperty("tracks").EnumerateArray().ToList();
        Assert.Equal(["Layer 1", "Layer 2", "Layer 3", "Transitions"], tracks.Select(t => t.GetProperty("name").GetString()!));
        Assert.All(tracks.Take(3), t => Assert.Equal(sidecar.States.Count, t.GetProperty("sounds").GetArrayLength()));
        Assert.Equal(0, tracks[0].GetProperty("automation").GetArrayLength());
        Assert.All(tracks.Skip(1).Take(2), t => Assert.Equal("volume", t.GetProperty("automation")[0].GetProperty("property").GetString()));

        // The model has no documented way to put a parameter condition on a transition region: the script says which to set.
        Assert.Equal(sidecar.Transitions.Count, built.RootElement.GetProperty("log").EnumerateArray().Count(l => l.GetString()!.Contains("'Test set State'", StringComparison.Ordinal)));

        var imported = built.RootElement.GetProperty("audioFiles").EnumerateArray().Select(f => f.GetString()!).Order();
        Assert.Equal(sidecar.States.SelectMany(s => s.Layers.Select(l => l.File)).Concat(sidecar.Transitions.Select(t => t.File)).Concat(sidecar.Stingers.Select(s => s.File)).Order(), imported);
    }

    private static async Task<AdaptiveSidecar> SidecarAsync(string directory) =>
        JsonSerializer.Deserialize<AdaptiveSidecar>(await File.ReadAllTextAsync(Path.Combine(directory, AdaptiveSetLayout.Sidecar)), AdaptiveSetPackage.Json)!;

    private static (uint, string) Cue(WavTimeline timeline, string label)
    {
        var cue = timeline.Cues.Single(c => c.Label == label);
        return (cue.SampleOffset, cue.Label!);
    }

    private static void Collect(string parent, JsonArray? children, HashSet<string> created)
    {
        foreach (var child in children ?? [])
        {
            var path = $"{parent}\\{child!["name"]!.GetValue<string>()}";
            created.Add(path);
            Collect(path, child["children"]?.AsArray(), created);
        }
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
        {
            foreach (var descendant in Descendants(child))
            {
                yield return descendant;
            }
        }
    }
}
