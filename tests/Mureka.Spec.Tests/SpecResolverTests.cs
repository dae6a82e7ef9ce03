using Mureka.Spec;
using Mureka.Spec.Music;

namespace Mureka.Spec.Tests;

public sealed class SpecResolverTests
{
    [Theory]
    [InlineData("genre")]
    [InlineData("bpm")]
    [InlineData("duration_ms")]
    [InlineData("format")]
    [InlineData("prompt")]
    public void Resolve_BadField_ThrowsNamingThatField(string field)
    {
        var request = field switch
        {
            "genre" => new MusicSpec { Genre = "polka-metal" },
            "bpm" => new MusicSpec { Bpm = 0 },
            "duration_ms" => new MusicSpec { DurationMs = -5_000 },
            "format" => new MusicSpec { Format = "aiff" },
            _ => new MusicSpec { Prompt = new string('a', 10_000) },
        };

        var ex = Assert.Throws<RequestValidationException>(() => SpecResolver.Resolve(request));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(field, error.Field);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void Resolve_TwoHourDuration_NamesDurationAndLimit()
    {
        var ex = Assert.Throws<RequestValidationException>(() => SpecResolver.Resolve(new MusicSpec { DurationMs = 2 * 3_600_000 }));

        var error = Assert.Single(ex.Errors);
        Assert.Equal("duration_ms", error.Field);
        Assert.Contains("300000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_SeveralBadFields_ReportsEveryOne()
    {
        var request = new MusicSpec { Genre = "nope", Bpm = double.NaN, Key = "H major", TimeSignature = "5/4", Intensity = 9, Seed = -1, SampleRate = 22050, Instruments = ["kazoo"] };

        var ex = Assert.Throws<RequestValidationException>(() => SpecResolver.Resolve(request));

        Assert.Equal(
            ["bpm", "genre", "instruments[0]", "intensity", "key", "sample_rate", "seed", "time_signature"],
            ex.Errors.Select(e => e.Field).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void Resolve_OpusAt44100_IsRejected()
    {
        var ex = Assert.Throws<RequestValidationException>(() => SpecResolver.Resolve(new MusicSpec { Format = "opus", SampleRate = 44_100 }));

        Assert.Equal("sample_rate", Assert.Single(ex.Errors).Field);
    }

    [Fact]
    public void Resolve_BitDepthForMp3_IsRejected()
    {
        var ex = Assert.Throws<RequestValidationException>(() => SpecResolver.Resolve(new MusicSpec { Format = "mp3", BitDepth = 24 }));

        Assert.Equal("bit_depth", Assert.Single(ex.Errors).Field);
    }

    [Fact]
    public void Resolve_PromptOnly_MapsWordsToFields()
    {
        var resolved = SpecResolver.Resolve(new MusicSpec { Prompt = "A calm lo-fi hip hop beat in D minor at 82 bpm with electric piano, 45 seconds, loopable", Seed = 3 });

        Assert.Equal("lofi-hip-hop", resolved.Genre);
        Assert.Equal("calm", resolved.Mood);
        Assert.Equal(82, resolved.Bpm);
        Assert.Equal(new MusicalKey(2, Mode.Minor), resolved.Key);
        Assert.Equal(45_000, resolved.DurationMs);
        Assert.Contains("electric-piano", resolved.Instruments);
        Assert.True(resolved.Loop);
        Assert.NotEmpty(resolved.Interpretation);
    }

    [Fact]
    public void Resolve_TypedFieldsAndPromptDisagree_TypedFieldsWin()
    {
        var resolved = SpecResolver.Resolve(new MusicSpec { Prompt = "fast rock in E major at 160 bpm", Genre = "jazz", Bpm = 95, Key = "Bb major", Seed = 1 });

        Assert.Equal("jazz", resolved.Genre);
        Assert.Equal(95, resolved.Bpm);
        Assert.Equal(new MusicalKey(10, Mode.Major), resolved.Key);
    }

    [Fact]
    public void Resolve_NothingGiven_FillsEveryFieldWithinLimits()
    {
        var resolved = SpecResolver.Resolve(new MusicSpec());

        Assert.Equal("corporate-pop", resolved.Genre);
        Assert.InRange(resolved.Bpm, SpecLimits.MinBpm, SpecLimits.MaxBpm);
        Assert.Equal(SpecLimits.DefaultDurationMs, resolved.DurationMs);
        Assert.InRange(resolved.Seed, 0UL, (ulong)SpecLimits.MaxSeed);
        Assert.Equal(AudioFormat.Wav, resolved.Format);
        Assert.Equal(44_100, resolved.SampleRate);
        Assert.Equal(16, resolved.BitDepth);
    }

    [Fact]
    public void Resolve_SameSeedNoKey_ChoosesSameKey()
    {
        var first = SpecResolver.Resolve(new MusicSpec { Genre = "rock", Seed = 42 });
        var second = SpecResolver.Resolve(new MusicSpec { Genre = "rock", Seed = 42 });

        Assert.Equal(first.Key, second.Key);
        Assert.Equal(first.Bpm, second.Bpm);
        Assert.Equal(first.TimeSignature, second.TimeSignature);
    }
}
