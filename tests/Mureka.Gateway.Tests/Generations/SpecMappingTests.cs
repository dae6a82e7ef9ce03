using System.Text.Json;
using Mureka.Contracts.Api.V1;
using Mureka.Contracts.Inference.V1;
using Mureka.Gateway.Generations;
using Mureka.Spec;
using Mureka.Spec.Music;
using MixVersion = Mureka.Spec.MixVersion;

namespace Mureka.Gateway.Tests.Generations;

/// <summary>The spec's wire boundaries: proto messages and the stored <c>resolved</c> JSON.</summary>
public sealed class SpecMappingTests
{
    private static readonly ResolvedMusicSpec Resolved = SpecResolver.Resolve(new MusicSpec
    {
        Prompt = "calm lofi with piano, loopable",
        Key = "F#m",
        TimeSignature = "3/4",
        DurationMs = 12_000,
        Seed = (1L << 53) - 1,
        Format = "flac",
        BitDepth = 24,
        Stems = true,
    });

    [Fact]
    public void GenerationSpec_ToMusicSpec_KeepsSetFieldsAndLeavesTheRestUnset()
    {
        // Arrange
        var proto = new GenerationSpec { Prompt = "", Bpm = 0, DurationMs = 5_000_000_000, Seed = 7, Loop = false, Instruments = { "piano", "cello" } };

        // Act
        var spec = proto.ToMusicSpec();

        // Assert
        Assert.Equal(new MusicSpec { Prompt = "", Bpm = 0, DurationMs = 5_000_000_000, Seed = 7, Loop = false, Instruments = spec.Instruments }, spec);
        Assert.Equal(["piano", "cello"], spec.Instruments);
        Assert.Equal(new MusicSpec(), new GenerationSpec().ToMusicSpec());
    }

    [Fact]
    public void GenerationSpec_ToMusicSpec_NonFiniteBpm_ReachesValidation()
    {
        // Act
        var spec = new GenerationSpec { Bpm = double.NaN, Key = "C\0 major" }.ToMusicSpec();

        // Assert
        var errors = Assert.Throws<RequestValidationException>(() => SpecResolver.Resolve(spec)).Errors;
        Assert.Equal(["bpm", "key"], errors.Select(e => e.Field));
    }

    [Fact]
    public void ResolvedSpec_ToProto_CarriesEveryField()
    {
        // Act
        var proto = Resolved.ToProto();

        // Assert
        Assert.Equal(
            ("mureka-compose-1", "F# minor", "3/4", 12_000, (ulong)((1L << 53) - 1), "flac", 24, true, Resolved.Interpretation.Count),
            (proto.Model, proto.Key, proto.TimeSignature, proto.DurationMs, proto.Seed, proto.Format, proto.BitDepth, proto.Stems, proto.Interpretation.Count));
        Assert.Equal(Resolved.Genre, proto.Genre);
        Assert.Equal(Resolved.Bpm, proto.Bpm);
        Assert.True(proto.Loop);
    }

    [Fact]
    public void TrackSpec_RoundTrip_GivesTheSameSpecWithoutErrors()
    {
        // Act
        var errors = new List<FieldError>();
        var track = Resolved.ToTrackSpec();
        var back = track.ToResolvedSpec(errors);

        // Assert
        Assert.Empty(errors);
        Assert.Equal(Contracts.Inference.V1.AudioFormat.Flac, track.Format);
        Assert.Equal(JsonSerializer.Serialize(Resolved, SpecJson.Options), JsonSerializer.Serialize(back, SpecJson.Options));
    }

    [Fact]
    public void Theme_TravelsThroughEveryProtoBoundary()
    {
        // Arrange
        var abc = "X:1\nM:3/4\nL:1/4\nK:Bb\nB d f | e c A | B3 |]";
        var themed = SpecResolver.Resolve(new MusicSpec { Theme = new Spec.Themes.MusicTheme { Abc = abc }, Seed = 3 });
        var midi = new byte[] { 0x4d, 0x54, 0x68, 0x64, 0, 1, 2 };

        // Act
        var errors = new List<FieldError>();
        var back = themed.ToTrackSpec().ToResolvedSpec(errors);
        var proto = themed.ToProto();
        var request = new GenerationSpec { Theme = new Theme { Midi = Google.Protobuf.ByteString.CopyFrom(midi), Track = "Lead" } }.ToMusicSpec();

        // Assert
        Assert.Empty(errors);
        Assert.Equal(JsonSerializer.Serialize(themed, SpecJson.Options), JsonSerializer.Serialize(back, SpecJson.Options));
        Assert.Equal(("abc", "3/4", "Bb major", 3), (proto.Theme.Source, proto.Theme.TimeSignature, proto.Theme.Key, proto.Theme.Bars));
        Assert.False(proto.Theme.HasTrack);
        Assert.Equal(themed.Theme!.Notes.Select(n => (n.Start16, n.Duration16, n.Pitch)), proto.Theme.Notes.Select(n => (n.Start16, n.Duration16, n.Pitch)));
        Assert.Equal(midi, request.Theme!.Midi);
        Assert.Equal(("Lead", (string?)null), (request.Theme.Track, request.Theme.Abc));
        Assert.Null(Resolved.ToTrackSpec().ToResolvedSpec(errors).Theme);
    }

    [Fact]
    public void StoredSpec_KeepsTheResolvedColumnShape()
    {
        // Act
        var json = StoredSpec.Write(Resolved);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;

        // Assert: SQL and older rows rely on these names and spellings.
        Assert.Equal(
            ["model", "prompt", "genre", "mood", "bpm", "key", "time_signature", "duration_ms", "instruments", "intensity", "seed", "format", "sample_rate", "bit_depth", "stems", "loop", "mix", "score", "interpretation"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("F# minor", "3/4", "flac", 12_000), (root.GetProperty("key").GetString(), root.GetProperty("time_signature").GetString(), root.GetProperty("format").GetString(), root.GetProperty("duration_ms").GetInt32()));
        Assert.Equal(Resolved with { Instruments = [], Interpretation = [] }, StoredSpec.Read(json) with { Instruments = [], Interpretation = [] });
    }

    [Fact]
    public void StoredSpec_ReadsARowWrittenBeforeTheSpecAssembly()
    {
        // Arrange: a row exactly as the previous gateway stored it.
        const string row = """{"model":"mureka-compose-1","prompt":"","genre":"jazz","mood":"neutral","bpm":120,"key":"Bb major","time_signature":"4/4","duration_ms":30000,"instruments":["piano"],"intensity":2,"seed":42,"format":"mp3","sample_rate":44100,"bit_depth":16,"stems":false,"loop":false,"interpretation":[]}""";

        // Act
        var spec = StoredSpec.Read(row);

        // Assert: it was a full mix, and it is written back as one with every other field unchanged.
        Assert.Equal((new MusicalKey(10, Mode.Major), Mureka.Spec.AudioFormat.Mp3, 42UL, MixVersion.Full), (spec.Key, spec.Format, spec.Seed, spec.Mix));
        Assert.Equal(row.Replace("\"loop\":false,", "\"loop\":false,\"mix\":\"full\",\"score\":false,", StringComparison.Ordinal), StoredSpec.Write(spec));
    }

    [Fact]
    public void TrackSpec_AltMix_TravelsAsItsEnumAndBack()
    {
        // Arrange
        var underscore = Resolved with { Mix = MixVersion.Underscore };

        // Act
        var errors = new List<FieldError>();
        var track = underscore.ToTrackSpec();
        var back = track.ToResolvedSpec(errors);

        // Assert
        Assert.Empty(errors);
        Assert.Equal(Contracts.Inference.V1.MixVersion.Underscore, track.Mix);
        Assert.Equal(MixVersion.Underscore, back.Mix);
        Assert.Equal("underscore", underscore.ToProto().Mix);
    }

    [Fact]
    public void TrackSpec_FromAGatewayBeforeAltMixes_IsTheFullMix()
    {
        // Arrange: an older gateway never sets the field.
        var track = Resolved.ToTrackSpec();
        track.Mix = Contracts.Inference.V1.MixVersion.Unspecified;

        // Act
        var errors = new List<FieldError>();
        var back = track.ToResolvedSpec(errors);

        // Assert
        Assert.Empty(errors);
        Assert.Equal(MixVersion.Full, back.Mix);
    }

    [Fact]
    public void TrackSpec_UnknownMixNumber_IsNamed()
    {
        // Arrange: a newer gateway's mix this host does not know.
        var track = Resolved.ToTrackSpec();
        track.Mix = (Contracts.Inference.V1.MixVersion)42;

        // Act
        var errors = new List<FieldError>();
        track.ToResolvedSpec(errors);

        // Assert
        Assert.Equal("mix", Assert.Single(errors).Field);
    }

    [Fact]
    public void GenerationSpec_Mix_ReachesTheResolver()
    {
        // Act
        var spec = new GenerationSpec { Mix = "drums_and_bass", Seed = 1 }.ToMusicSpec();

        // Assert
        Assert.Equal("drums_and_bass", spec.Mix);
        Assert.Equal(MixVersion.DrumsAndBass, SpecResolver.Resolve(spec).Mix);
        Assert.Null(new GenerationSpec().ToMusicSpec().Mix);
    }
}
