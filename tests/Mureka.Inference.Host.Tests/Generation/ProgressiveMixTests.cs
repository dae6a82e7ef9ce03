using System.Security.Cryptography;
using Mureka.Contracts.Inference.V1;
using Mureka.Inference.Host.Tests.Support;
using Mureka.Testing;

namespace Mureka.Inference.Host.Tests.Generation;

/// <summary>A plain full mix leaves the host window by window while it renders; the bytes sent are the file.</summary>
[Collection(HostCollection.Name)]
public sealed class ProgressiveMixTests(HostFixture host)
{
    [Theory]
    [InlineData(AudioFormat.Wav)]
    [InlineData(AudioFormat.Flac)]
    [InlineData(AudioFormat.Mp3)]
    [InlineData(AudioFormat.Opus)]
    public async Task Generate_PlainMix_ChunksLeaveWhileRenderingAndAddUpToTheReportedFile(AudioFormat format)
    {
        // Arrange
        // Longer than the pieces that render in one pass.
        var spec = Specs.Track(durationMs: 50_000, seed: 31, format: format);
        spec.SampleRate = format == AudioFormat.Opus ? 48_000 : 44_100;
        var request = Specs.Batch(Specs.NewBatchId(), ("a", spec));

        // Act
        using var call = host.Client.Generate(request);
        var transcript = await Transcript.ReadAsync(call);

        // Assert
        var messages = transcript.For("a").ToList();
        var firstAudio = messages.FindIndex(m => m.EventCase == GenerateResponse.EventOneofCase.Audio);
        var mastering = messages.FindIndex(m => m.EventCase == GenerateResponse.EventOneofCase.Progress && m.Progress.Stage == "mastering");
        Assert.InRange(firstAudio, 0, mastering - 1);
        Assert.True(messages.Take(mastering).Count(m => m.EventCase == GenerateResponse.EventOneofCase.Audio) > 1, "the mix came in one piece before the render ended");

        var info = Assert.Single(transcript.Result("a")!.Objects);
        var chunks = transcript.Chunks("a", "mix");
        Assert.All(chunks, c => Assert.True(c.Data.Length <= 256 * 1024));
        Assert.Equal([chunks.Count - 1], chunks.Select((c, i) => (c, i)).Where(x => x.c.Last).Select(x => x.i));
        var bytes = transcript.Bytes("a", "mix");
        Assert.Equal(info.SizeBytes, bytes.Length);
        Assert.Equal(info.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        if (format == AudioFormat.Wav)
        {
            Assert.Equal(50_000 * 44_100L / 1000 * 4, Wav.Parse(bytes).DataBytes);
        }
    }
}

/// <summary>With <see cref="HostOptions.Progressive"/> off, the mix is sent only once it is rendered whole.</summary>
public sealed class OnePassMixTests(OnePassHostFixture host) : IClassFixture<OnePassHostFixture>
{
    [Fact]
    public async Task Generate_ProgressiveOff_MixLeavesAfterTheRender()
    {
        var request = Specs.Batch(Specs.NewBatchId(), ("a", Specs.Track(durationMs: 50_000, seed: 31)));

        using var call = host.Client.Generate(request);
        var transcript = await Transcript.ReadAsync(call);

        var messages = transcript.For("a").ToList();
        var firstAudio = messages.FindIndex(m => m.EventCase == GenerateResponse.EventOneofCase.Audio);
        var encoding = messages.FindIndex(m => m.EventCase == GenerateResponse.EventOneofCase.Progress && m.Progress.Stage == "encoding");
        Assert.True(firstAudio > encoding && encoding >= 0, $"first audio at {firstAudio}, encoding at {encoding}");
        Assert.Equal(transcript.Result("a")!.Objects[0].SizeBytes, transcript.Bytes("a", "mix").Length);
    }
}
