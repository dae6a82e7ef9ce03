using Mureka.Contracts.Inference.V1;

namespace Mureka.Inference.Host.Tests.Support;

/// <summary>Fully resolved track specs, as the gateway sends them.</summary>
public static class Specs
{
    public static TrackSpec Track(int durationMs = 3_000, ulong seed = 7, string genre = "corporate-pop", bool stems = false, AudioFormat format = AudioFormat.Wav) => new()
    {
        Model = "mureka-compose-1",
        Prompt = "bright corporate pop",
        Genre = genre,
        Mood = "uplifting",
        Bpm = 112,
        Key = "C major",
        TimeSignature = "4/4",
        DurationMs = durationMs,
        Intensity = 2,
        Seed = seed,
        Format = format,
        SampleRate = 44_100,
        BitDepth = 16,
        Stems = stems,
        Loop = false,
    };

    public static GenerateRequest Batch(string batchId, params (string Id, TrackSpec Spec)[] items)
    {
        var request = new GenerateRequest { BatchId = batchId };
        request.Items.AddRange(items.Select(i => new GenerateItem { ItemId = i.Id, Spec = i.Spec }));
        return request;
    }

    public static string NewBatchId() => "batch-" + Guid.NewGuid().ToString("N");
}
