namespace Mureka.Engine.Rendering;

/// <summary>Finds the General MIDI soundfont the renderer plays; the default is part of the model pack's identity (see its model card).</summary>
public static class SoundFontLocator
{
    public const string EnvironmentVariable = "MUREKA_SOUNDFONT";
    public const string DefaultPath = "/usr/share/sounds/sf3/MuseScore_General_Full.sf3";

    /// <summary>The Debian package that installs <see cref="DefaultPath"/> (MIT licence).</summary>
    public const string DefaultPackage = "musescore-general-soundfont";

    /// <summary>Returns <c>MUREKA_SOUNDFONT</c> when set, else Debian's MuseScore General (sf3); throws when the file is missing.</summary>
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
                $"SoundFont '{path}' was not found. Install the General MIDI soundfont with 'apt-get install {DefaultPackage}' " +
                $"or point the {EnvironmentVariable} environment variable at an .sf2 or .sf3 file.",
                path);
        }

        return path;
    }
}
