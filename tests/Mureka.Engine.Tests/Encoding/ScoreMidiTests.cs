using System.Text.Json;
using Mureka.Engine.Encoding;
using Mureka.Engine.Music;
using Mureka.Engine.Tests.TestSupport;
using Mureka.Spec;
using Mureka.Spec.Music;
using Mureka.Testing;

namespace Mureka.Engine.Tests.Encoding;

/// <summary>The score a render played, as a MIDI file read back by python3-mido (not our writer's code).</summary>
[Collection(EngineCollection.Name)]
public sealed class ScoreMidiTests(SharedEngine shared)
{
    [Theory]
    [InlineData("jazz", "3/4", "Bb major")]
    [InlineData("house", "4/4", "F# minor")]
    [InlineData("classical-waltz", "6/8", "E minor")]
    public async Task ScoreMidi_ReadByMido_EveryNoteTempoMetreKeyAndSectionAsRendered(string genre, string meter, string key)
    {
        // Arrange
        var request = SpecResolver.Resolve(new MusicSpec { Genre = genre, TimeSignature = meter, Key = key, DurationMs = 12_000, Seed = 4 });
        var result = await shared.Engine.RenderAsync(request);
        using var file = new TempFile(".mid");

        // Act
        await File.WriteAllBytesAsync(file.Path, result.ScoreMidi());
        var midi = await Mido.ReadAsync(file.Path);

        // Assert: format 1, the score's division, a conductor track and one track per part.
        var score = result.Score;
        var tracks = midi.GetProperty("tracks").EnumerateArray().ToList();
        Assert.Equal(1, midi.GetProperty("type").GetInt32());
        Assert.Equal(score.TicksPerQuarter, midi.GetProperty("ticks_per_beat").GetInt32());
        Assert.Equal(score.Tracks.Count + 1, tracks.Count);
        var metas = tracks[0].GetProperty("metas").EnumerateArray().ToList();
        Assert.Equal((int)Math.Round(60_000_000 / result.Metadata.Bpm), Meta(metas, "tempo").Single().GetInt32());
        Assert.Equal(result.Metadata.TimeSignature.ToString(), Meta(metas, "time").Single().GetString());
        Assert.Equal(MidoKey(result.Metadata.Key), Meta(metas, "key").Single().GetString());

        // A marker at each section start the metadata reports, at the same time.
        var markers = metas.Where(m => m.GetProperty("type").GetString() == "marker").ToList();
        Assert.Equal(result.Metadata.Sections.Select(s => s.Name), markers.Select(m => m.GetProperty("value").GetString()));
        foreach (var (marker, section) in markers.Zip(result.Metadata.Sections))
        {
            Assert.Equal(section.StartMs / 1000.0, score.TickToSeconds(marker.GetProperty("tick").GetInt64()), 3);
        }

        // Every part: its name, its note count and note start ticks exactly as the score rendered them, drums on channel 10.
        foreach (var (part, track) in score.Tracks.Zip(tracks.Skip(1)))
        {
            Assert.Equal(part.Name, track.GetProperty("name").GetString());
            Assert.Equal(part.Notes.Select(n => n.StartTick).Order(), track.GetProperty("note_ons").EnumerateArray().Select(t => t.GetInt64()).Order());
            if (part.Notes.Count > 0)
            {
                var channel = Assert.Single(track.GetProperty("channels").EnumerateArray()).GetInt32();
                Assert.Equal(part.IsPercussion, channel == 9);
            }
        }
    }

    [Fact]
    public async Task ScoreMidi_Loop_MarksItsLoopPoints_AndIsByteIdenticalBySeed()
    {
        // Arrange
        var request = SpecResolver.Resolve(new MusicSpec { Genre = "chiptune", Bpm = 140, DurationMs = 8000, Loop = true, Seed = 9 });

        // Act
        var first = (await shared.Engine.RenderAsync(request)).ScoreMidi();
        var again = (await shared.Engine.RenderAsync(request)).ScoreMidi();
        using var file = new TempFile(".mid");
        await File.WriteAllBytesAsync(file.Path, first);
        var midi = await Mido.ReadAsync(file.Path);

        // Assert
        Assert.Equal(first, again);
        var markers = midi.GetProperty("tracks")[0].GetProperty("metas").EnumerateArray().Where(m => m.GetProperty("type").GetString() == "marker").ToList();
        var loopEnd = markers.Single(m => m.GetProperty("value").GetString() == "loopEnd").GetProperty("tick").GetInt64();
        Assert.Equal(0, markers.Single(m => m.GetProperty("value").GetString() == "loopStart").GetProperty("tick").GetInt64());
        Assert.Equal(5 * 4 * 480, loopEnd);
    }

    [Fact]
    public async Task ScoreMidi_Underscore_LeavesOutTheMelodyItsAudioLeavesOut()
    {
        // Arrange
        var request = SpecResolver.Resolve(new MusicSpec { Genre = "corporate-pop", DurationMs = 5000, Seed = 2, Mix = "underscore" });

        // Act
        var result = await shared.Engine.RenderAsync(request);
        using var file = new TempFile(".mid");
        await File.WriteAllBytesAsync(file.Path, result.ScoreMidi());
        var midi = await Mido.ReadAsync(file.Path);

        // Assert
        var names = midi.GetProperty("tracks").EnumerateArray().Skip(1).Select(t => t.GetProperty("name").GetString()).ToList();
        Assert.Equal(result.Score.Tracks.Where(t => t.Stem != StemKind.Melody).Select(t => t.Name), names);
        Assert.Contains(result.Score.Tracks, t => t.Stem == StemKind.Melody);
    }

    [Theory]
    [InlineData(0, Mode.Major, 0)]
    [InlineData(7, Mode.Major, 1)]
    [InlineData(5, Mode.Major, -1)]
    [InlineData(10, Mode.Major, -2)]
    [InlineData(6, Mode.Major, 6)]
    [InlineData(9, Mode.Minor, 0)]
    [InlineData(2, Mode.Minor, -1)]
    [InlineData(6, Mode.Minor, 3)]
    [InlineData(0, Mode.Minor, -3)]
    public void SharpsOf_ConventionalSignatures(int tonic, Mode mode, int sharps) =>
        Assert.Equal(sharps, MidiWriter.SharpsOf(new MusicalKey(tonic, mode)));

    private static IEnumerable<JsonElement> Meta(IEnumerable<JsonElement> metas, string type) =>
        metas.Where(m => m.GetProperty("type").GetString() == type).Select(m => m.GetProperty("value"));

    // mido names keys as "Bb", "F#m": the major key's conventional spelling, "m" for minor.
    private static string MidoKey(MusicalKey key)
    {
        string[] majors = ["C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"];
        string[] minors = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "Bb", "B"];
        return key.Mode == Mode.Major ? majors[key.TonicPitchClass] : minors[key.TonicPitchClass] + "m";
    }
}
