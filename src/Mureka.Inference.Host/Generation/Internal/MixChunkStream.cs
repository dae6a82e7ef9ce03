using System.Security.Cryptography;
using System.Threading.Channels;
using Google.Protobuf;
using Mureka.Contracts.Inference.V1;
using Mureka.Engine.Encoding;

namespace Mureka.Inference.Host.Generation.Internal;

/// <summary>
/// An item's mix as the engine encodes it window by window: every piece the engine hands out is sent on at once as
/// ordered "mix" chunks (at most <see cref="AudioObjectStreamer.MaxChunkBytes"/> each), while the render goes on, and
/// hashed on the way. <see cref="CompleteAsync"/> ends the object with an empty last chunk once the render has
/// finished, since only then is it known that no more bytes follow. The render never waits for the client: pieces
/// queue here (at most the file's size) while the response stream is busy.
/// </summary>
internal sealed class MixChunkStream : IEncodedSink, IAsyncDisposable
{
    private readonly Channel<byte[]> _pieces = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly ResponseChannel _responses;
    private readonly string _itemId;
    private readonly string _contentType;
    private readonly CancellationToken _cancellationToken;
    private readonly Task _pump;
    private long _offset;

    public MixChunkStream(ResponseChannel responses, string itemId, string contentType, CancellationToken cancellationToken)
    {
        _responses = responses;
        _itemId = itemId;
        _contentType = contentType;
        _cancellationToken = cancellationToken;
        _pump = Task.Run(PumpAsync, CancellationToken.None);
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (!bytes.IsEmpty)
        {
            _pieces.Writer.TryWrite(bytes.ToArray());
        }
    }

    /// <summary>Sends what is still queued and the last chunk; returns what the object came to.</summary>
    public async Task<AudioObjectInfo> CompleteAsync()
    {
        _pieces.Writer.TryComplete();
        await _pump.ConfigureAwait(false);
        await SendAsync(ByteString.Empty, last: true).ConfigureAwait(false);
        var sha256 = Convert.ToHexStringLower(_sha256.GetHashAndReset());
        return new AudioObjectInfo { Object = "mix", ContentType = _contentType, SizeBytes = _offset, Sha256 = sha256 };
    }

    public async ValueTask DisposeAsync()
    {
        _pieces.Writer.TryComplete();
        try
        {
            await _pump.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            // The item or the call ended first: the rest of the mix has nobody to go to.
        }

        _sha256.Dispose();
    }

    private async Task PumpAsync()
    {
        await foreach (var piece in _pieces.Reader.ReadAllAsync(_cancellationToken).ConfigureAwait(false))
        {
            _sha256.AppendData(piece);
            for (var at = 0; at < piece.Length; at += AudioObjectStreamer.MaxChunkBytes)
            {
                var size = Math.Min(AudioObjectStreamer.MaxChunkBytes, piece.Length - at);
                await SendAsync(ByteString.CopyFrom(piece, at, size), last: false).ConfigureAwait(false);
            }
        }
    }

    private async Task SendAsync(ByteString data, bool last)
    {
        var chunk = new AudioChunk { Object = "mix", ContentType = _contentType, Offset = _offset, Data = data, Last = last };
        await _responses.WriteAsync(new GenerateResponse { ItemId = _itemId, Audio = chunk }, _cancellationToken).ConfigureAwait(false);
        _offset += data.Length;
    }
}
