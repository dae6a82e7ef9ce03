using Mureka.Contracts.Inference.V1;
using Mureka.Gateway.Generations;

namespace Mureka.Gateway.Dispatch;

internal static class TrackSpecMapper
{
    public static TrackSpec ToTrackSpec(ResolvedSpecDocument r) => new()
    {
        Model = r.Model,
        Prompt = r.Prompt,
        Genre = r.Genre,
        Mood = r.Mood,
        Bpm = r.Bpm,
        Key = r.Key,
        TimeSignature = r.TimeSignature,
        DurationMs = r.DurationMs,
        Instruments = { r.Instruments },
        Intensity = r.Intensity,
        Seed = r.Seed,
        Format = r.Format switch
        {
            "wav" => AudioFormat.Wav,
            "flac" => AudioFormat.Flac,
            "mp3" => AudioFormat.Mp3,
            "opus" => AudioFormat.Opus,
            _ => AudioFormat.Unspecified,
        },
        SampleRate = r.SampleRate,
        BitDepth = r.BitDepth,
        Stems = r.Stems,
        Loop = r.Loop,
    };
}
