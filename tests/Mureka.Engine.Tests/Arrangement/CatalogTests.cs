using Mureka.Engine.Arrangement;
using Mureka.Engine.Music;

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
            Assert.NotEmpty(t.Aliases);
            Assert.All(t.Aliases, a => Assert.Equal(a.ToLowerInvariant(), a));
            Assert.InRange(t.DefaultBpm, t.MinBpm, t.MaxBpm);
            Assert.True(t.ComposerStyle is "folk" or "song", t.ComposerStyle);
            Assert.Contains(t.DefaultMeter, TimeSignature.Supported);
            Assert.False(string.IsNullOrWhiteSpace(t.DisplayName));
            Assert.False(string.IsNullOrWhiteSpace(t.Description));
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
        Assert.Equal(TimeSignature.ThreeFour, waltz.DefaultMeter);
    }

    [Theory]
    [InlineData("french horn", 60)]
    [InlineData("Electric-Piano", 4)]
    [InlineData("synth_lead", 81)]
    [InlineData("piano", 0)]
    public void InstrumentCatalog_TryGet_MatchesLooseSpellings(string name, int program)
    {
        // Act
        var found = InstrumentCatalog.TryGet(name, out var info);

        // Assert
        Assert.True(found);
        Assert.Equal(program, info!.Program);
    }

    [Fact]
    public void InstrumentCatalog_Names_AreUniqueLowerCaseAndResolvable()
    {
        // Assert
        Assert.True(InstrumentCatalog.Names.Count >= 24);
        Assert.Equal(InstrumentCatalog.Names.Count, InstrumentCatalog.Names.Distinct().Count());
        Assert.All(InstrumentCatalog.Names, n =>
        {
            Assert.Equal(n.ToLowerInvariant(), n);
            Assert.True(InstrumentCatalog.TryGet(n, out var info));
            Assert.InRange(info!.Program, 0, 127);
        });
    }

    [Fact]
    public void InstrumentCatalog_TryGet_UnknownName_ReturnsFalse()
    {
        // Act
        var found = InstrumentCatalog.TryGet("theremin-of-doom", out _);

        // Assert
        Assert.False(found);
    }
}
