using System.Text.Json;
using Mureka.Spec;

namespace Mureka.Spec.Tests;

public sealed class ResolvedSpecRequestsTests
{
    public static TheoryData<MusicSpec> Requests => new()
    {
        new MusicSpec { Prompt = "calm lo-fi hip hop with piano in D minor at 82 bpm" },
        new MusicSpec { Prompt = "an epic trailer cue, 90 seconds, with strings and brass" },
        new MusicSpec { Genre = "jazz" },
        new MusicSpec { Genre = "chiptune", Bpm = 140, DurationMs = 8000, Loop = true, Stems = true, Format = "wav" },
        new MusicSpec { Genre = "classical-waltz", Key = "Bb major", Format = "mp3", Seed = 12 },
        new MusicSpec { Genre = "ambient", Format = "flac", SampleRate = 48_000, BitDepth = 24, Intensity = 1, Mood = "calm" },
        new MusicSpec { Prompt = "happy acoustic folk", Instruments = ["guitar", "flute"], Format = "opus" },
        new MusicSpec { Genre = "house", Mix = "drums_and_bass", Stems = true },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void ToRequest_ResolvesToTheSameSpec(MusicSpec request)
    {
        // Arrange
        var resolved = SpecResolver.Resolve(request);

        // Act
        var again = SpecResolver.Resolve(resolved.ToRequest());

        // Assert: everything but the notes on how the prompt was read (typed fields leave nothing to read).
        Assert.Equal(Json(resolved with { Interpretation = [] }), Json(again with { Interpretation = [] }));
    }

    private static string Json(ResolvedMusicSpec spec)
    {
        var options = new JsonSerializerOptions();
        SpecJson.Configure(options);
        return JsonSerializer.Serialize(spec, options);
    }
}
