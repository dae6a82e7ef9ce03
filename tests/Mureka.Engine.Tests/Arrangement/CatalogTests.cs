using Mureka.Engine.Arrangement;
using Mureka.Spec.Music;

namespace Mureka.Engine.Tests.Arrangement;

public sealed class CatalogTests
{
    private static readonly string[] RequiredGenres =
    [
        "ambient", "lofi-hip-hop", "cinematic-orchestral", "corporate-pop", "rock", "house",
        "jazz", "acoustic-folk", "chiptune", "solo-piano", "epic-trailer", "classical-waltz",
    ];

    [Fact]
    public void All_Genres_HaveAtLeastTwelveUniqueIdsIncludingTheRequiredOnes()
    {
        // Act
        var ids = GenreCatalog.All.Select(t => t.Id).ToList();

        // Assert
        Assert.True(ids.Count >= 12);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(RequiredGenres, id => Assert.Contains(id, ids));
    }

    [Fact]
    public void All_Genres_HaveLowerCaseAliasesAndConsistentTempoAndStyle()
    {
        // Assert
        Assert.All(GenreCatalog.All, t =>
        {
            Assert.NotEmpty(t.Profile.Aliases);
            Assert.All(t.Profile.Aliases, a => Assert.Equal(a.ToLowerInvariant(), a));
            Assert.InRange(t.Profile.DefaultBpm, t.MinBpm, t.MaxBpm);
            Assert.True(t.ComposerStyle is "folk" or "song", t.ComposerStyle);
            Assert.Contains(t.Profile.DefaultMeter, TimeSignature.Supported);
            Assert.False(string.IsNullOrWhiteSpace(t.Profile.DisplayName));
            Assert.False(string.IsNullOrWhiteSpace(t.Profile.Description));
        });
    }

    [Fact]
    public void All_DrumPatterns_UseOnlyKnownSymbols()
    {
        // Act
        var patterns = GenreCatalog.All
            .Where(t => t.Drums is not null)
            .SelectMany(t => t.Drums!.Grooves)
            .SelectMany(g => g.Lines.Select(l => (g.Meter, l.Pattern)));

        // Assert
        Assert.All(patterns, p =>
        {
            Assert.Equal(p.Meter.SixteenthsPerBar, p.Pattern.Length);
            Assert.All(p.Pattern, c => Assert.Contains(c, "Xxo."));
        });
    }

    [Fact]
    public void Default_Genre_IsCorporatePop()
    {
        // Assert
        Assert.Equal("corporate-pop", GenreCatalog.Default.Id);
    }

    [Theory]
    [InlineData("house")]
    [InlineData("HOUSE")]
    [InlineData(" jazz ")]
    public void TryGet_KnownIdAnyCase_Finds(string id)
    {
        // Act
        var found = GenreCatalog.TryGet(id, out var template);

        // Assert
        Assert.True(found);
        Assert.Equal(id.Trim().ToLowerInvariant(), template!.Id);
    }

    [Fact]
    public void TryGet_UnknownId_ReturnsFalse()
    {
        // Act
        var found = GenreCatalog.TryGet("polka-metal", out _);

        // Assert
        Assert.False(found);
    }

    [Fact]
    public void ClassicalWaltz_DefaultMeter_IsThreeFour()
    {
        // Act
        Assert.True(GenreCatalog.TryGet("classical-waltz", out var waltz));

        // Assert
        Assert.Equal(TimeSignature.ThreeFour, waltz.Profile.DefaultMeter);
    }
}
