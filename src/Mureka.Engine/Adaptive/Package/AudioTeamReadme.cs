using System.Globalization;
using System.Text;

namespace Mureka.Engine.Adaptive.Package;

/// <summary>The README inside a set's archive: what each file is and how each engine and middleware takes it.</summary>
public static class AudioTeamReadme
{
    public static string Build(AdaptiveSidecar sidecar)
    {
        ArgumentNullException.ThrowIfNull(sidecar);
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');
        string Seconds(long frames) => (frames / (double)sidecar.SampleRate).ToString("0.###", CultureInfo.InvariantCulture);

        Line($"# {sidecar.Title}: adaptive music set");
        Line();
        Line($"{sidecar.States.Count} states in {sidecar.Key}, {sidecar.Bpm.ToString(CultureInfo.InvariantCulture)} bpm, {sidecar.TimeSignature}; " +
             $"{sidecar.SampleRate} Hz, {sidecar.BitDepth}-bit WAV. Rendered by {sidecar.ModelId} {sidecar.ModelVersion}, seed {sidecar.Seed}.");
        Line("Every state, transition and stinger is built on one theme, so they share key, tempo, metre and motif.");
        Line();
        Line("## States");
        Line();
        Line("Each state is a seamless loop of whole bars (`<state>_full.wav`) and its intensity layers (`<state>_layerN.wav`).");
        Line("Layers have the loop's exact sample count and stack: play layer 1 for intensity 1, add layer 2 for intensity 2,");
        Line("and so on; layer 1 + 2 + 3 is the full mix, sample for sample, so adding or dropping a layer never jumps in level.");
        Line();
        Line("| state | genre | mood | key | bars | seconds | layers |");
        Line("|---|---|---|---|---|---|---|");
        foreach (var state in sidecar.States)
        {
            Line($"| {state.Name} | {state.Genre} | {state.Mood} | {state.Key} | {state.Bars} | {Seconds(state.Frames)} | {string.Join("; ", state.Layers.Select(l => $"{l.Index}: {string.Join(", ", l.Parts)}"))} |");
        }

        Line();
        Line("## Transitions and stingers");
        Line();
        Line("A transition leaves its source at any bar line (`exit_points` in `set.json`): the source fades out over");
        Line($"{sidecar.Joins.SourceFadeOutMs} ms while the transition file starts. The transition's exit cue is the bar line where its last hit lands:");
        Line($"start the destination there at its entry (frame 0) with a {sidecar.Joins.DestinationFadeInMs} ms fade-in, and let the transition file ring on (post-exit).");
        Line("A stinger starts on a bar line of whatever plays; its `Hit` cue is where its last chord lands.");
        Line();
        Line("## What the WAV files carry");
        Line();
        Line("- `cue ` points with `LIST/adtl/labl` names: `Entry`, `Exit`, each section and each bar (`Bar N`); `Hit` on stingers.");
        Line("- `smpl`: the loop, start to end (end inclusive, as the chunk defines it). Unity's and Unreal's importers read");
        Line("  these loop points; a state needs no manual loop setup.");
        Line("- `acid`: tempo, metre and beats, for DAWs and Wwise's tempo detection.");
        Line("- BWF `bext` and `LIST/INFO`: provenance (the render, its model and seed).");
        Line();
        Line("## Middleware");
        Line();
        Line($"- **FMOD Studio:** copy `{AdaptiveSetLayout.FmodScript}` into your project's `Scripts` folder, reload scripts and run");
        Line("  *Mureka > Import adaptive set*; give it the folder you unzipped this set into.");
        Line($"- **Wwise:** `{AdaptiveSetLayout.WaapiPayload}` holds the arguments of one `ak.wwise.core.object.set` call. Replace");
        Line($"  `{WaapiPayload.SetDirToken}` with the absolute folder you unzipped the set into, then send it with any WAAPI client. It creates");
        Line("  the state switch group, the Music Switch Container with a looping playlist per state, the layers as tracks on an");
        Line("  intensity game parameter, the transition matrix (exit at the next bar, destination from its entry cue) and the stingers.");
        Line($"- **Anything else:** `{AdaptiveSetLayout.Sidecar}` lists every position in samples (bar and beat grid, loop, exits, entries).");
        return text.ToString();
    }
}
