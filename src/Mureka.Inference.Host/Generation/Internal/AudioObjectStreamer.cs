using System.Security.Cryptography;
using Google.Protobuf;
using Mureka.Contracts.Inference.V1;

namespace Mureka.Inference.Host.Generation.Internal;

/// <summary>Encodes one audio object (the mix or a stem) and streams it as ordered chunks of at most 256 KiB.</summary>
internal static class AudioObjectStreamer
{
    public const int MaxChunkBytes = 256 * 1024;

    public static async Task<AudioObjectInfo> StreamAsync(
        ResponseChannel responses,
        string itemId,
        string objectName,
        string contentType,
        Func<Stream, CancellationToken, Task> encode,
        CancellationToken cancellationToken)
    {
        // Encoded in memory first: the size and hash go into ItemResult, and ffmpeg's output arrives in uneven pieces.
        using var buffer = new MemoryStream();
        await encode(buffer, cancellationToken).ConfigureAwait(false);
        var bytes = buffer.GetBuffer();
        var length = (int)buffer.Length;
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes.AsSpan(0, length)));

        var offset = 0;
        do
        {
            var size = Math.Min(MaxChunkBytes, length - offset);
            var chunk = new AudioChunk
            {
                Object = objectName,
                ContentType = contentType,
                Offset = offset,
                Data = ByteString.CopyFrom(bytes, offset, size),
                Last = offset + size == length,
            };
            await responses.WriteAsync(new GenerateResponse { ItemId = itemId, Audio = chunk }, cancellationToken).ConfigureAwait(false);
            offset += size;
        }
        while (offset < length);

        return new AudioObjectInfo { Object = objectName, ContentType = contentType, SizeBytes = length, Sha256 = sha256 };
    }
}
