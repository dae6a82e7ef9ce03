using Mureka.Engine.Encoding;
using Mureka.Engine.Tests.TestSupport;
using Mureka.Spec;
using Mureka.Testing;

namespace Mureka.Engine.Tests.Encoding;

/// <summary>Provenance in every delivered format, as ffprobe (an independent reader) sees it.</summary>
public sealed class FileTagsTests
{
    private const string GenerationId = "0b9a4c1e-6f3d-4d8e-9a51-2c7e5f0d3b14";
    private const string LicenseId = "lic_0b9a4c1e6f3d4d8e9a512c7e5f0d3b14";
    private static readonly FileTags Tags = new(GenerationId, LicenseId, "mureka-compose-1 1.4.0");

    [Theory]
    [InlineData(AudioFormat.Wav, 16)]
    [InlineData(AudioFormat.Wav, 24)]
    [InlineData(AudioFormat.Flac, 16)]
    [InlineData(AudioFormat.Flac, 24)]
    [InlineData(AudioFormat.Mp3, 16)]
    public async Task ContainerTags_NameTheGenerationAndTheLicence(AudioFormat format, int bitDepth)
    {
        var tags = await EncodeAndProbeAsync(format, bitDepth);

        AssertProvenance(tags.Format);
        if (format == AudioFormat.Wav)
        {
            // BWF, what library asset systems read: ffprobe names the originator encoded_by; the originator
            // reference is the id without dashes (32 characters). The INFO chunk's software is the encoder.
            Assert.Equal("Mureka", tags.Format["encoded_by"]);
            Assert.Equal(GenerationId.Replace("-", ""), tags.Format["originator_reference"]);
            Assert.Equal("mureka-compose-1 1.4.0", tags.Format["encoder"]);
        }
        else
        {
            Assert.Equal(GenerationId, tags.Format["MUREKA_GENERATION_ID"]);
            Assert.Equal(LicenseId, tags.Format["MUREKA_LICENSE_ID"]);
            Assert.Equal("Mureka", tags.Format["publisher"]);
            Assert.Equal("mureka-compose-1 1.4.0", tags.Format["encoded_by"]);
        }
    }

    [Fact]
    public async Task Opus_CommentsOnTheStream_AsOggKeepsThem()
    {
        var tags = await EncodeAndProbeAsync(AudioFormat.Opus, 16);

        AssertProvenance(tags.Stream);
        Assert.Equal(GenerationId, tags.Stream["MUREKA_GENERATION_ID"]);
        Assert.Equal(LicenseId, tags.Stream["MUREKA_LICENSE_ID"]);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(24)]
    public async Task TaggedWav_SamePcmAsTheUntagged_AndAWellFormedRiff(int bitDepth)
    {
        var audio = AudioFiles.Sine(44100, 0.5, 440, 0.5);
        using var plain = new MemoryStream();
        using var tagged = new MemoryStream();

        await WavWriter.WriteAsync(audio, bitDepth, plain);
        await WavWriter.WriteAsync(audio, bitDepth, Tags, tagged);

        var header = Wav.Parse(tagged.ToArray());
        Assert.Equal(bitDepth, header.BitsPerSample);
        Assert.Equal(plain.Length - WavWriter.HeaderBytes, header.DataBytes);
        Assert.Equal(plain.ToArray()[WavWriter.HeaderBytes..], tagged.ToArray()[^(int)header.DataBytes..]);
    }

    [Fact]
    public async Task Untagged_WritesNoTags()
    {
        foreach (var format in new[] { AudioFormat.Wav, AudioFormat.Flac, AudioFormat.Mp3 })
        {
            using var file = new TempFile(format.FileExtension());
            await AudioFiles.WriteAsync(AudioFiles.Sine(44100, 0.5, 440, 0.5), file.Path, format);

            var tags = await FfprobeTags.ReadAsync(file.Path);

            Assert.False(tags.Format.ContainsKey("comment"), $"{format} has a comment");
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("gen\u0000id")]
    [InlineData("gen\nid")]
    [InlineData("génération")]
    [InlineData("a-generation-id-that-is-far-longer-than-any-id-this-service-would-ever-issue")]
    public void HostileValues_Refused(string value)
    {
        Assert.False(FileTags.IsValidId(value));
        Assert.Throws<ArgumentException>(() => new FileTags(value, LicenseId, "mureka-compose-1"));
        Assert.Throws<ArgumentException>(() => new FileTags(GenerationId, value, "mureka-compose-1"));
    }

    private static void AssertProvenance(IReadOnlyDictionary<string, string> tags)
    {
        Assert.Contains(GenerationId, tags["comment"], StringComparison.Ordinal);
        Assert.Contains(LicenseId, tags["comment"], StringComparison.Ordinal);
        Assert.Contains(LicenseId, tags["copyright"], StringComparison.Ordinal);
    }

    private static async Task<FfprobeTags> EncodeAndProbeAsync(AudioFormat format, int bitDepth)
    {
        using var file = new TempFile(format.FileExtension());
        await using (var stream = File.Create(file.Path))
        {
            await AudioEncoder.EncodeAsync(AudioFiles.Sine(44100, 1.0, 440, 0.5), format, bitDepth, Tags, stream);
        }

        return await FfprobeTags.ReadAsync(file.Path);
    }
}
