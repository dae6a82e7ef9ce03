using System.Runtime.CompilerServices;
using Mureka.Gateway.Data;
using Mureka.Gateway.Storage;

namespace Mureka.Gateway.Generations;

/// <summary>A stored audio object read in chunks from an offset on: the rest of a stream that followed a render live.</summary>
internal static class StoredAudioChunks
{
    public const int ChunkSize = 256 * 1024;

    /// <returns>Each chunk with the offset it starts at; nothing when <paramref name="offset"/> is already at the end.</returns>
    /// <exception cref="FileNotFoundException">The object is missing from the store.</exception>
    public static async IAsyncEnumerable<(long Offset, ReadOnlyMemory<byte> Data)> ReadAsync(
        IAudioStore store, AudioObjectRecord audio, long offset, [EnumeratorCancellation] CancellationToken ct)
    {
        if (offset >= audio.SizeBytes)
        {
            yield break;
        }

        await using var stream = await store.OpenReadAsync(audio.StorageKey, ct) ?? throw new FileNotFoundException("the stored audio is missing", audio.StorageKey);
        stream.Seek(offset, SeekOrigin.Begin);
        var buffer = new byte[ChunkSize];
        int read;
        while ((read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct)) > 0)
        {
            // A fresh copy per chunk: callers may hold on to it (a protobuf message) after the next read.
            yield return (offset, buffer.AsMemory(0, read).ToArray());
            offset += read;
        }
    }
}
