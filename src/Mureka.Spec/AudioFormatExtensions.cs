namespace Mureka.Spec;

public static class AudioFormatExtensions
{
    /// <summary>The spelling requests, responses and stored specs use.</summary>
    public static string Name(this AudioFormat format) => format switch
    {
        AudioFormat.Wav => "wav",
        AudioFormat.Flac => "flac",
        AudioFormat.Mp3 => "mp3",
        AudioFormat.Opus => "opus",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    public static string FileExtension(this AudioFormat format) => "." + format.Name();

    public static string ContentType(this AudioFormat format) => format switch
    {
        AudioFormat.Wav => "audio/wav",
        AudioFormat.Flac => "audio/flac",
        AudioFormat.Mp3 => "audio/mpeg",
        AudioFormat.Opus => "audio/ogg",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    public static bool IsLossless(this AudioFormat format) => format is AudioFormat.Wav or AudioFormat.Flac;

    /// <summary>The sample rate a format gets when the caller leaves it open: Opus only exists at 48 kHz.</summary>
    public static int DefaultSampleRate(this AudioFormat format) => format == AudioFormat.Opus ? 48_000 : 44_100;

    /// <summary>Reads "wav", "wave", "flac", "mp3", "opus" or "ogg", ignoring case and surrounding space.</summary>
    public static bool TryParse(string text, out AudioFormat format)
    {
        ArgumentNullException.ThrowIfNull(text);
        switch (text.Trim().ToLowerInvariant())
        {
            case "wav":
            case "wave":
                format = AudioFormat.Wav;
                return true;
            case "flac":
                format = AudioFormat.Flac;
                return true;
            case "mp3":
                format = AudioFormat.Mp3;
                return true;
            case "opus":
            case "ogg":
                format = AudioFormat.Opus;
                return true;
            default:
                format = AudioFormat.Wav;
                return false;
        }
    }
}
