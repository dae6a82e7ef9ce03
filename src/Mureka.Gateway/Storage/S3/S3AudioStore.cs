using System.Net;
using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;

namespace Mureka.Gateway.Storage.S3;

/// <summary>
/// Audio in an S3-compatible bucket, shared by every gateway replica: a generation rendered through one replica
/// downloads from any other. An object becomes visible only when its single PUT or its multipart upload completes,
/// so readers never see half a file, as with the filesystem store.
/// </summary>
public sealed class S3AudioStore : IAudioStore, IDisposable
{
    private readonly S3AudioStoreOptions _options;
    private readonly S3Clients _clients;
    private readonly TimeProvider _time;

    public S3AudioStore(IOptions<GatewayOptions> options, TimeProvider time)
    {
        _options = options.Value.AudioStore.S3;
        _clients = new S3Clients(_options);
        _time = time;
    }

    public Task<IAudioWriter> CreateAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult<IAudioWriter>(new S3AudioWriter(_clients.Store, _options.Bucket, ObjectKey(key), AudioObjectKinds.ContentTypeOf(key), _options.PartSizeBytes));

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var head = await _clients.Store.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _options.Bucket, Key = ObjectKey(key) }, cancellationToken);
            return new S3ObjectReadStream(_clients.Store, _options.Bucket, ObjectKey(key), head.ContentLength, head.ETag);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<Uri?> GetDownloadUrlAsync(string key, CancellationToken cancellationToken)
    {
        if (_options.Downloads != AudioDownloadMode.Redirect)
        {
            return null;
        }

        var url = await _clients.Presigner.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = _options.Bucket,
            Key = ObjectKey(key),
            Verb = HttpVerb.GET,
            Protocol = _clients.PresignProtocol,
            Expires = _time.GetUtcNow().Add(_options.PresignedUrlLifetime).UtcDateTime,
        });
        return new Uri(url);
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        await _clients.Store.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _options.Bucket, Key = ObjectKey(key) }, cancellationToken);

    /// <summary>
    /// Committed objects only: an upload that never completed is invisible to listings, and the bucket's lifecycle
    /// rule (AbortIncompleteMultipartUpload) removes its parts.
    /// </summary>
    public async IAsyncEnumerable<string> ListOlderThanAsync(DateTimeOffset olderThan, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new ListObjectsV2Request { BucketName = _options.Bucket, Prefix = _options.Prefix, MaxKeys = 1000 };
        while (true)
        {
            var page = await _clients.Store.ListObjectsV2Async(request, cancellationToken);
            foreach (var item in page.S3Objects ?? [])
            {
                if (item.LastModified is { } modified && modified.ToUniversalTime() < olderThan.UtcDateTime && item.Key.Length > _options.Prefix.Length)
                {
                    yield return item.Key[_options.Prefix.Length..];
                }
            }

            if (page.IsTruncated != true || string.IsNullOrEmpty(page.NextContinuationToken))
            {
                yield break;
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    /// <summary>The bucket answers a listing with these credentials; space is the store's business.</summary>
    public async Task<string?> CheckWritableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _clients.Store.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _options.Bucket, Prefix = _options.Prefix, MaxKeys = 1 }, cancellationToken);
            return null;
        }
        catch (AmazonS3Exception e)
        {
            return $"the S3 bucket '{_options.Bucket}' refused a listing: {(int)e.StatusCode} {e.ErrorCode}";
        }
        catch (AmazonClientException e)
        {
            return $"the S3 store cannot be reached: {e.GetType().Name}";
        }
        catch (HttpRequestException e)
        {
            return $"the S3 store cannot be reached: {e.HttpRequestError}";
        }
    }

    public void Dispose() => _clients.Dispose();

    private string ObjectKey(string key) => _options.Prefix + key;
}
