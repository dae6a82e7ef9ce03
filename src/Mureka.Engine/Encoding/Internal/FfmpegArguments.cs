using Mureka.Spec;

namespace Mureka.Engine.Encoding.Internal;

/// <summary>Command lines for encoding a piped WAV; all flags chosen so the same input always gives the same bytes.</summary>
internal static class FfmpegArguments
{
    public const int OpusSampleRate = 48000;

    public static IReadOnlyList<string> For(AudioFormat format, int bitDepth, FileTags? tags = null)
    {
        List<string> args =
        [
            "-hide_banner", "-loglevel", "error",
            "-f", "wav", "-i", "pipe:0",
            "-map_metadata", "-1",
            "-fflags", "+bitexact", "-flags:a", "+bitexact",
        ];
        if (tags is not null)
        {
            // ffmpeg writes these as Vorbis comments (FLAC, Opus) and ID3v2 frames (MP3; the free keys as TXXX).
            Metadata(args, "comment", tags.Comment);
            Metadata(args, "copyright", tags.Copyright);
            Metadata(args, "publisher", FileTags.Publisher);
            Metadata(args, "encoded_by", tags.Software);
            foreach (var (key, value) in tags.MachineReadable)
            {
                Metadata(args, key, value);
            }
        }

        args.AddRange(format switch
        {
            AudioFormat.Flac when bitDepth == 16 => ["-c:a", "flac", "-sample_fmt", "s16", "-f", "flac"],
            AudioFormat.Flac when bitDepth == 24 => ["-c:a", "flac", "-sample_fmt", "s32", "-bits_per_raw_sample", "24", "-f", "flac"],
            AudioFormat.Flac => throw new ArgumentOutOfRangeException(nameof(bitDepth), bitDepth, "FLAC is written with 16 or 24 bits."),
            // CBR: ffmpeg cannot seek back into a pipe to write the Xing/LAME header, and without it players
            // misjudge the duration of VBR (V0) files; a constant bitrate keeps duration and seeking exact.
            AudioFormat.Mp3 => ["-c:a", "libmp3lame", "-b:a", "320k", "-write_xing", "0", "-id3v2_version", tags is null ? "0" : "3", "-f", "mp3"],
            // libopus only runs at 48 kHz.
            AudioFormat.Opus => ["-c:a", "libopus", "-b:a", "160k", "-ar", "48000", "-f", "ogg"],
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "ffmpeg encodes FLAC, MP3 and Opus here."),
        });
        args.Add("pipe:1");
        return args;
    }

    private static void Metadata(List<string> args, string key, string value)
    {
        args.Add("-metadata");
        args.Add($"{key}={value}");
    }

    /// <summary>The bit depth of the WAV fed to ffmpeg: what FLAC will store, and the most precision for the lossy codecs.</summary>
    public static int InputBitDepth(AudioFormat format, int bitDepth) => format == AudioFormat.Flac ? bitDepth : 24;
}
