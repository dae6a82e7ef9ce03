using System.Text.Json;

namespace Mureka.Spec.Tests;

/// <summary>The <c>mix</c> field: its spellings, its default, and specs stored before it existed.</summary>
public sealed class MixVersionTests
{
    [Theory]
    [InlineData("full", MixVersion.Full)]
    [InlineData("underscore", MixVersion.Underscore)]
    [InlineData("drums_and_bass", MixVersion.DrumsAndBass)]
    [InlineData(" Drums_And_Bass ", MixVersion.DrumsAndBass)]
    public void Resolve_KnownMix_IsKept(string mix, MixVersion expected)
    {
        // Act
        var resolved = SpecResolver.Resolve(new MusicSpec { Mix = mix, Seed = 1 });

        // Assert
        Assert.Equal(expected, resolved.Mix);
    }

    [Fact]
    public void Resolve_NoMix_IsTheFullMix()
    {
        // Act
        var resolved = SpecResolver.Resolve(new MusicSpec { Seed = 1 });

        // Assert
        Assert.Equal(MixVersion.Full, resolved.Mix);
        Assert.Equal("full", JsonDocument.Parse(JsonSerializer.Serialize(resolved, SpecJson.Options)).RootElement.GetProperty("mix").GetString());
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("")]
    [InlineData("drums and bass")]
    [InlineData("DrumsAndBass")]
    [InlineData("underscore\0")]
    [InlineData("full\u001b[2J")]
    [InlineData("1")]
    public void Resolve_UnknownMix_NamesMixAndTheAllowedValues(string mix)
    {
        // Act
        var ex = Assert.Throws<RequestValidationException>(() => SpecResolver.Resolve(new MusicSpec { Mix = mix }));

        // Assert
        var error = Assert.Single(ex.Errors);
        Assert.Equal("mix", error.Field);
        Assert.Contains("full, underscore, drums_and_bass", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_HugeUnknownMix_EchoesOnlyABoundedPart()
    {
        // Act
        var ex = Assert.Throws<RequestValidationException>(() => SpecResolver.Resolve(new MusicSpec { Mix = new string('x', 100_000) }));

        // Assert
        Assert.InRange(Assert.Single(ex.Errors).Message.Length, 1, 200);
    }

    [Fact]
    public void ResolvedSpec_StoredBeforeAltMixes_ReadsAsTheFullMix()
    {
        // Arrange: a resolved document exactly as written before the field existed.
        const string old = """{"model":"mureka-compose-1","prompt":"","genre":"jazz","mood":"neutral","bpm":120,"key":"Bb major","time_signature":"4/4","duration_ms":30000,"instruments":["piano"],"intensity":2,"seed":42,"format":"mp3","sample_rate":44100,"bit_depth":16,"stems":false,"loop":false,"interpretation":[]}""";

        // Act
        var spec = JsonSerializer.Deserialize<ResolvedMusicSpec>(old, SpecJson.Options)!;

        // Assert
        Assert.Equal(MixVersion.Full, spec.Mix);
        Assert.Empty(ResolvedSpecValidator.Validate(spec));
    }

    [Fact]
    public void ResolvedSpec_AltMix_RoundTripsByName()
    {
        // Arrange
        var resolved = SpecResolver.Resolve(new MusicSpec { Mix = "drums_and_bass", Seed = 3 });

        // Act
        var json = JsonSerializer.Serialize(resolved, SpecJson.Options);
        var back = JsonSerializer.Deserialize<ResolvedMusicSpec>(json, SpecJson.Options)!;

        // Assert
        Assert.Contains("\"mix\":\"drums_and_bass\"", json, StringComparison.Ordinal);
        Assert.Equal(MixVersion.DrumsAndBass, back.Mix);
        Assert.Empty(ResolvedSpecValidator.Validate(back));
    }

    [Fact]
    public void Validate_UndefinedMixNumber_IsRefused()
    {
        // Arrange: JSON may spell an enum as a number, so a stored or sent spec can carry one no resolver wrote.
        var resolved = SpecResolver.Resolve(new MusicSpec { Seed = 1 }) with { Mix = (MixVersion)7 };

        // Act
        var errors = ResolvedSpecValidator.Validate(resolved);

        // Assert
        Assert.Equal("mix", Assert.Single(errors).Field);
    }
}
