using System.Security.Cryptography;
using Mureka.Engine.Encoding.Internal;
using Mureka.Engine.Music;

namespace Mureka.Engine.Encoding;

/// <summary>
/// The SHA-256 of the PCM a file is encoded from: interleaved stereo, little-endian signed integers at the bit
/// depth given, exactly the bytes of a WAV's data chunk and of what ffmpeg is fed for the other formats. Decoding a
/// WAV or FLAC file back to that bit depth gives the same bytes (<c>ffmpeg -i f.flac -f s16le -</c>), so the digest
/// identifies the audio whatever its container or tags; a lossy file decodes only to an approximation of it.
/// </summary>
public static class PcmDigest
{
    private const int FramesPerBlock = 16 * 1024;

    public static string Sha256(AudioBuffer audio, int bitDepth)
    {
        ArgumentNullException.ThrowIfNull(audio);
        if (bitDepth is not (16 or 24))
        {
            throw new ArgumentOutOfRangeException(nameof(bitDepth), bitDepth, "PCM is 16 or 24 bits.");
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var bytesPerFrame = 2 * (bitDepth / 8);
        var block = new byte[FramesPerBlock * bytesPerFrame];
        for (var start = 0; start < audio.Frames; start += FramesPerBlock)
        {
            var frames = Math.Min(FramesPerBlock, audio.Frames - start);
            var length = frames * bytesPerFrame;
            PcmConverter.Interleave(audio.Left.AsSpan(start, frames), audio.Right.AsSpan(start, frames), bitDepth, block.AsSpan(0, length));
            hash.AppendData(block, 0, length);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
