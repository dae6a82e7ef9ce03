using Amazon.S3;
using Amazon.S3.Model;

namespace Mureka.Gateway.Storage.S3;

/// <summary>
/// A seekable read-only view of one object: each read continues one ranged GET from the current position, and a
/// seek elsewhere starts a new one. Range requests and resumed downloads are then served exactly as from a file,
/// without the gateway buffering the object. The ETag pins every GET to the version whose length was read.
/// </summary>
internal sealed class S3ObjectReadStream(IAmazonS3 client, string bucket, string key, long length, string etag) : Stream
{
    private GetObjectResponse? _response;
    private long _responsePosition;
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty || _position >= length)
        {
            return 0;
        }

        if (_response is null || _responsePosition != _position)
        {
            CloseResponse();
            _response = await client.GetObjectAsync(new GetObjectRequest
            {
                BucketName = bucket,
                Key = key,
                ByteRange = new ByteRange(_position, length - 1),
                EtagToMatch = etag,
            }, cancellationToken);
            _responsePosition = _position;
        }

        var read = await _response.ResponseStream.ReadAsync(buffer, cancellationToken);
        if (read == 0)
        {
            throw new IOException($"the object store ended '{key}' at byte {_position} of {length}");
        }

        _position += read;
        _responsePosition += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Kestrel forbids synchronous I/O, so nothing in the gateway reads this way; it is here for the Stream contract.
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => length + offset,
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        _position = target;
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            CloseResponse();
        }

        base.Dispose(disposing);
    }

    private void CloseResponse()
    {
        _response?.Dispose();
        _response = null;
    }
}
