using Mureka.Engine.Rendering;

namespace Mureka.Engine.Tests.Rendering;

public sealed class SoundFontLocatorTests
{
    [Fact]
    public void EnsureExists_MissingFile_ThrowsNamingPackageAndVariable()
    {
        var missing = Path.Combine(Path.GetTempPath(), "missing-font.sf2");

        var exception = Assert.Throws<FileNotFoundException>(() => SoundFontLocator.EnsureExists(missing));

        Assert.Contains("musescore-general-soundfont", exception.Message, StringComparison.Ordinal);
        Assert.Contains(SoundFontLocator.EnvironmentVariable, exception.Message, StringComparison.Ordinal);
        Assert.Equal(missing, exception.FileName);
    }

    [Fact]
    public void Locate_DefaultInstall_ReturnsExistingMuseScoreGeneralSf3()
    {
        var path = SoundFontLocator.Locate();

        Assert.True(File.Exists(path));
        Assert.EndsWith(".sf3", path, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(SoundFontLocator.DefaultPath, path);
    }
}
