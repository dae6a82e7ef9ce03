namespace Mureka.Engine.Requests;

public enum AudioFormat
{
    Wav,
    Flac,
    Mp3,
    Opus,
}

public static class AudioFormatExtensions
{
    public static string FileExtension(this AudioFormat format) => format switch
    {
        AudioFormat.Wav => ".wav",
        AudioFormat.Flac => ".flac",
        AudioFormat.Mp3 => ".mp3",
        AudioFormat.Opus => ".opus",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    public static string ContentType(this AudioFormat format) => format switch
    {
        AudioFormat.Wav => "audio/wav",
        AudioFormat.Flac => "audio/flac",
        AudioFormat.Mp3 => "audio/mpeg",
        AudioFormat.Opus => "audio/ogg",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    public static bool IsLossless(this AudioFormat format) => format is AudioFormat.Wav or AudioFormat.Flac;
}
