using System.Security.Cryptography;
using Mureka.Engine.Encoding;
using Mureka.Engine.Tests.TestSupport;
using Mureka.Testing;

namespace Mureka.Engine.Tests.Encoding;

public sealed class PcmDigestTests
{
    [Theory]
    [InlineData(16)]
    [InlineData(24)]
    public async Task Sha256_IsTheHashOfTheWavDataChunk_WhateverTheTags(int bitDepth)
    {
        // Arrange: longer than one hashing block, so the blocks must join up.
        var audio = AudioFiles.Sine(44_100, 1.3, 440, 0.5);
        using var plain = new MemoryStream();
        using var tagged = new MemoryStream();
        await WavWriter.WriteAsync(audio, bitDepth, plain);
        await WavWriter.WriteAsync(audio, bitDepth, new FileTags(Guid.NewGuid().ToString(), "lic_1", "mureka-compose-1 test"), tagged);

        // Act
        var digest = PcmDigest.Sha256(audio, bitDepth);

        // Assert
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(DataChunk(plain.ToArray()))), digest);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(DataChunk(tagged.ToArray()))), digest);
        Assert.NotEqual(plain.Length, tagged.Length);
    }

    [Fact]
    public void Sha256_OtherBitDepths_Refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PcmDigest.Sha256(AudioFiles.Sine(44_100, 0.1, 440, 0.5), 8));

    // The samples of a RIFF/WAVE file: the payload of its "data" chunk, found by walking the chunks.
    private static byte[] DataChunk(byte[] wav)
    {
        var header = Wav.Parse(wav);
        for (var offset = 12; offset + 8 <= wav.Length;)
        {
            var size = BitConverter.ToInt32(wav, offset + 4);
            if (wav[offset] == 'd' && wav[offset + 1] == 'a' && wav[offset + 2] == 't' && wav[offset + 3] == 'a')
            {
                Assert.Equal(header.DataBytes, size);
                return wav[(offset + 8)..(offset + 8 + size)];
            }

            offset += 8 + size + (size & 1);
        }

        throw new InvalidDataException("no data chunk");
    }
}
