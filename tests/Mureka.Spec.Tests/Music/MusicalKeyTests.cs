using Mureka.Spec.Music;

namespace Mureka.Spec.Tests.Music;

public sealed class MusicalKeyTests
{
    [Theory]
    [InlineData("C", 0, Mode.Major)]
    [InlineData("a minor", 9, Mode.Minor)]
    [InlineData("F#m", 6, Mode.Minor)]
    [InlineData("Bb", 10, Mode.Major)]
    [InlineData("bb minor", 10, Mode.Minor)]
    [InlineData("B", 11, Mode.Major)]
    [InlineData("Eb major", 3, Mode.Major)]
    [InlineData("Cb", 11, Mode.Major)]
    public void TryParse_ValidName_ReturnsKey(string text, int tonic, Mode mode)
    {
        Assert.True(MusicalKey.TryParse(text, out var key));
        Assert.Equal(new MusicalKey(tonic, mode), key);
    }

    [Theory]
    [InlineData("")]
    [InlineData("H")]
    [InlineData("C lydian-ish")]
    [InlineData("major")]
    public void TryParse_Invalid_ReturnsFalse(string text) => Assert.False(MusicalKey.TryParse(text, out _));

    [Fact]
    public void ContainsPitchClass_DMinor_AcceptsNaturalMinorOnly()
    {
        var key = new MusicalKey(2, Mode.Minor);

        var inScale = Enumerable.Range(0, 12).Where(key.ContainsPitchClass).ToArray();

        Assert.Equal([0, 2, 4, 5, 7, 9, 10], inScale);
    }
}
