using Mureka.Spec.Catalog;

namespace Mureka.Spec.Tests.Catalog;

public sealed class InstrumentCatalogTests
{
    [Theory]
    [InlineData("french horn", 60)]
    [InlineData("Electric-Piano", 4)]
    [InlineData("synth_lead", 81)]
    [InlineData("piano", 0)]
    public void TryGet_MatchesLooseSpellings(string name, int program)
    {
        // Act
        var found = InstrumentCatalog.TryGet(name, out var info);

        // Assert
        Assert.True(found);
        Assert.Equal(program, info!.Program);
    }

    [Fact]
    public void Names_AreUniqueLowerCaseAndResolvable()
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
    public void TryGet_UnknownName_ReturnsFalse()
    {
        // Act
        var found = InstrumentCatalog.TryGet("theremin-of-doom", out _);

        // Assert
        Assert.False(found);
    }
}
