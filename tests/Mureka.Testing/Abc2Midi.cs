namespace Mureka.Testing;

/// <summary>
/// Converts ABC notation to a Standard MIDI File with Debian's abcmidi (<c>abc2midi</c>), an independent reader of ABC:
/// a theme given as MIDI made this way and the same theme given as ABC must be read as the same melody.
/// </summary>
public static class Abc2Midi
{
    public static async Task<byte[]> ConvertAsync(string abc, CancellationToken cancellationToken = default)
    {
        var folder = Directory.CreateTempSubdirectory("mureka-abc-");
        try
        {
            var source = Path.Combine(folder.FullName, "theme.abc");
            var target = Path.Combine(folder.FullName, "theme.mid");
            await File.WriteAllTextAsync(source, abc, cancellationToken);
            await ToolRun.TextAsync("abc2midi", [source, "-o", target], cancellationToken);
            return File.Exists(target) ? await File.ReadAllBytesAsync(target, cancellationToken) : throw new InvalidDataException("abc2midi wrote no file");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
