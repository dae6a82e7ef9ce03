using Mureka.Spec.Catalog;

namespace Mureka.Spec.Tests;

public sealed class ResolvedSpecValidatorTests
{
    public static TheoryData<string, string> GenresAndFormats()
    {
        var data = new TheoryData<string, string>();
        foreach (var genre in GenreProfiles.All)
        {
            foreach (var format in new[] { "wav", "flac", "mp3", "opus" })
            {
                data.Add(genre.Id, format);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(GenresAndFormats))]
    public void Validate_WhatTheResolverWrites_IsAccepted(string genre, string format)
    {
        // Arrange: what a host receives is whatever the gateway's resolver wrote.
        var resolved = SpecResolver.Resolve(new MusicSpec { Genre = genre, Format = format, Prompt = "dreamy, with cello and harp, 45 seconds", Seed = 3 });

        // Act
        var errors = ResolvedSpecValidator.Validate(resolved);

        // Assert
        Assert.Empty(errors);
    }

    [Fact]
    public void Validate_OutOfRangeFields_NamesEachWithTheResolversWords()
    {
        // Arrange
        var resolved = SpecResolver.Resolve(new MusicSpec { Seed = 1 }) with
        {
            Genre = "polka-metal",
            Bpm = double.PositiveInfinity,
            DurationMs = 0,
            Intensity = 9,
            Seed = ulong.MaxValue,
            SampleRate = 22_050,
        };

        // Act
        var errors = ResolvedSpecValidator.Validate(resolved);

        // Assert
        Assert.Equal(["genre", "bpm", "duration_ms", "intensity", "seed", "sample_rate"], errors.Select(e => e.Field));
        Assert.Equal(
            Assert.Throws<RequestValidationException>(() => SpecResolver.Resolve(new MusicSpec { Genre = "polka-metal" })).Errors[0].Message,
            errors[0].Message);
    }

    [Fact]
    public void Validate_NonCanonicalSpellings_AreRefused()
    {
        // Arrange: the resolver writes ids; another spelling would seed and mix differently.
        var resolved = SpecResolver.Resolve(new MusicSpec { Seed = 1, Instruments = ["piano"] }) with { Genre = "Jazz", Mood = " calm", Instruments = ["French Horn"] };

        // Act
        var errors = ResolvedSpecValidator.Validate(resolved);

        // Assert
        Assert.Equal(["genre", "mood", "instruments[0]"], errors.Select(e => e.Field));
    }

    [Fact]
    public void Validate_LossyFormatWithChosenBitDepth_IsRefused()
    {
        // Arrange
        var resolved = SpecResolver.Resolve(new MusicSpec { Format = "mp3", Seed = 1 }) with { BitDepth = 24 };

        // Act
        var errors = ResolvedSpecValidator.Validate(resolved);

        // Assert
        Assert.Equal("bit_depth", Assert.Single(errors).Field);
    }
}
