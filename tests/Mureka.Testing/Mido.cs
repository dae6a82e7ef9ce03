using System.Text.Json;

namespace Mureka.Testing;

/// <summary>
/// Reads a MIDI file with Debian's python3-mido, an independent parser (not our writer's code), and returns what it
/// found as JSON: the division, and per track its name, channels, note-on ticks with their pitches, and meta events.
/// </summary>
public static class Mido
{
    private const string Script = """
        import json, sys, mido
        f = mido.MidiFile(sys.argv[1])
        out = {"type": f.type, "ticks_per_beat": f.ticks_per_beat, "tracks": []}
        for t in f.tracks:
            tick, info = 0, {"name": None, "channels": [], "programs": [], "note_ons": [], "pitches": [], "metas": []}
            for m in t:
                tick += m.time
                if m.type == "track_name": info["name"] = m.name
                elif m.type == "note_on" and m.velocity > 0:
                    info["note_ons"].append(tick)
                    info["pitches"].append(m.note)
                    if m.channel not in info["channels"]: info["channels"].append(m.channel)
                elif m.type == "program_change": info["programs"].append(m.program)
                elif m.type == "set_tempo": info["metas"].append({"type": "tempo", "tick": tick, "value": m.tempo})
                elif m.type == "time_signature": info["metas"].append({"type": "time", "tick": tick, "value": f"{m.numerator}/{m.denominator}"})
                elif m.type == "key_signature": info["metas"].append({"type": "key", "tick": tick, "value": m.key})
                elif m.type == "marker": info["metas"].append({"type": "marker", "tick": tick, "value": m.text})
                elif m.type == "end_of_track": info["end"] = tick
            out["tracks"].append(info)
        print(json.dumps(out))
        """;

    /// <summary>Reads MIDI bytes (a download) through a temporary file.</summary>
    /// <exception cref="InvalidDataException">mido could not read it.</exception>
    public static async Task<JsonElement> ReadBytesAsync(byte[] midi)
    {
        var path = Path.Combine(Path.GetTempPath(), $"mureka-mido-{Guid.NewGuid():N}.mid");
        try
        {
            await File.WriteAllBytesAsync(path, midi);
            return await ReadAsync(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <exception cref="InvalidDataException">mido could not read it.</exception>
    public static async Task<JsonElement> ReadAsync(string path)
    {
        using var json = JsonDocument.Parse(await ToolRun.TextAsync("/usr/bin/python3", ["-c", Script, path]));
        return json.RootElement.Clone();
    }
}
