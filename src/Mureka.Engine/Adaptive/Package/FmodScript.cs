using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mureka.Engine.Adaptive.Package;

/// <summary>
/// An FMOD Studio script that builds a set as one music event (see the template's header for what it creates): the
/// template is fixed code, the set's own numbers go in as one JSON object, so the script never needs editing.
/// </summary>
public static class FmodScript
{
    private const string Placeholder = "/*SET_JSON*/null";

    private static readonly Lazy<string> Template = new(() =>
    {
        using var stream = typeof(FmodScript).Assembly.GetManifestResourceStream("Mureka.Engine.Adaptive.fmod_adaptive_set.template.js")
            ?? throw new InvalidOperationException("the FMOD script template is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static string Build(AdaptiveSidecar sidecar)
    {
        ArgumentNullException.ThrowIfNull(sidecar);
        double Seconds(long frames) => Math.Round((double)frames / sidecar.SampleRate, 6);
        var set = new JsonObject
        {
            ["title"] = sidecar.Title,
            ["bpm"] = sidecar.Bpm,
            ["time_signature"] = sidecar.TimeSignature,
            ["max_layers"] = sidecar.States.Max(s => s.Layers.Count),
            ["states"] = new JsonArray([.. sidecar.States.Select(s => (JsonNode)new JsonObject
            {
                ["name"] = s.Name,
                ["seconds"] = Seconds(s.Frames),
                ["layers"] = new JsonArray([.. s.Layers.Select(l => (JsonNode)l.File)]),
            })]),
            ["transitions"] = new JsonArray([.. sidecar.Transitions.Select(t => (JsonNode)new JsonObject
            {
                ["from"] = t.From,
                ["to"] = t.To,
                ["file"] = t.File,
                ["seconds"] = Seconds(t.Frames),
                ["exit_seconds"] = Seconds(t.ExitFrame),
            })]),
            ["stingers"] = new JsonArray([.. sidecar.Stingers.Select(s => (JsonNode)new JsonObject
            {
                ["name"] = s.Name,
                ["file"] = s.File,
                ["seconds"] = Seconds(s.Frames),
            })]),
        };

        // JSON is valid JavaScript; escaping every non-ASCII character keeps the script safe in any editor's encoding.
        var json = set.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        return Template.Value.Replace(Placeholder, json, StringComparison.Ordinal);
    }
}
