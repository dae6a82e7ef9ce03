using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;

namespace Mureka.Gateway.Storage.S3;

/// <summary>
/// Buffers one part in memory: audio that fits is one PUT at commit; longer audio starts a multipart upload and sends
/// each part as it fills, so memory stays at one part per object being written whatever the length.
/// </summary>
internal sealed class S3AudioWriter(IAmazonS3 client, string bucket, string key, string contentType, int partSize) : IAudioWriter
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly MemoryStream _part = new();
    private readonly List<PartETag> _parts = [];
    private string? _uploadId;
    private bool _committed;

    public long Length { get; private set; }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        _hash.AppendData(data.Span);
        Length += data.Length;
        while (!data.IsEmpty)
        {
            var take = Math.Min(data.Length, partSize - (int)_part.Length);
            _part.Write(data.Span[..take]);
            data = data[take..];
            if (_part.Length == partSize)
            {
                await SendPartAsync(cancellationToken);
            }
        }
    }

    public async Task<string> CommitAsync(CancellationToken cancellationToken)
    {
        if (_uploadId is null)
        {
            await client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = bucket,
                Key = key,
                ContentType = contentType,
                InputStream = Filled(),
                UseChunkEncoding = false,
            }, cancellationToken);
        }
        else
        {
            if (_part.Length > 0)
            {
                await SendPartAsync(cancellationToken);
            }

            await client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = _uploadId, PartETags = _parts }, cancellationToken);
        }

        _committed = true;
        return Convert.ToHexStringLower(_hash.GetHashAndReset());
    }

    public async ValueTask DisposeAsync()
    {
        _hash.Dispose();
        await _part.DisposeAsync();
        if (_uploadId is not null && !_committed)
        {
            try
            {
                // Best effort with a bound of its own: the caller's token may be the reason this upload is abandoned.
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = _uploadId }, timeout.Token);
            }
            catch (Exception e) when (e is AmazonS3Exception or OperationCanceledException or HttpRequestException)
            {
                // The bucket's AbortIncompleteMultipartUpload lifecycle rule removes the parts later.
            }
        }
    }

    private async Task SendPartAsync(CancellationToken cancellationToken)
    {
        _uploadId ??= (await client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = key, ContentType = contentType }, cancellationToken)).UploadId;
        var number = _parts.Count + 1;
        var response = await client.UploadPartAsync(new UploadPartRequest
        {
            BucketName = bucket,
            Key = key,
            UploadId = _uploadId,
            PartNumber = number,
            InputStream = Filled(),
            PartSize = _part.Length,
            UseChunkEncoding = false,
        }, cancellationToken);
        _parts.Add(new PartETag(number, response.ETag));
        _part.SetLength(0);
    }

    /// <summary>A read-only view of the buffered part for the SDK, which closes the streams it is given.</summary>
    private MemoryStream Filled() => new(_part.GetBuffer(), 0, (int)_part.Length, writable: false);
}
