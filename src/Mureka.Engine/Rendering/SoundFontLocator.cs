namespace Mureka.Engine.Rendering;

/// <summary>Finds the General MIDI soundfont the renderer plays.</summary>
public static class SoundFontLocator
{
    public const string EnvironmentVariable = "MUREKA_SOUNDFONT";
    public const string DefaultPath = "/usr/share/sounds/sf2/FluidR3_GM.sf2";

    /// <summary>Returns <c>MUREKA_SOUNDFONT</c> when set, else Debian's FluidR3_GM; throws when the file is missing.</summary>
    public static string Locate()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return string.IsNullOrWhiteSpace(configured) ? EnsureExists(DefaultPath) : EnsureExists(configured);
    }

    /// <summary>Throws <see cref="FileNotFoundException"/> with installation advice when <paramref name="path"/> does not exist.</summary>
    public static string EnsureExists(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"SoundFont '{path}' was not found. Install the General MIDI soundfont with 'apt-get install fluid-soundfont-gm' " +
                $"or point the {EnvironmentVariable} environment variable at an .sf2 file.",
                path);
        }

        return path;
    }
}
