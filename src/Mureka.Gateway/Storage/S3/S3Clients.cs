using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace Mureka.Gateway.Storage.S3;

/// <summary>The SDK clients of the S3 store: one for the gateway's own requests, one that signs URLs for clients.</summary>
public sealed class S3Clients : IDisposable
{
    public S3Clients(S3AudioStoreOptions options)
    {
        Store = Create(options, options.ServiceUrl);
        Presigner = string.IsNullOrEmpty(options.PublicServiceUrl) ? Store : Create(options, options.PublicServiceUrl);
        PresignProtocol = new Uri(options.PublicServiceUrl ?? options.ServiceUrl ?? "https://s3.amazonaws.com").Scheme == "http" ? Protocol.HTTP : Protocol.HTTPS;
    }

    public IAmazonS3 Store { get; }

    public IAmazonS3 Presigner { get; }

    public Protocol PresignProtocol { get; }

    public void Dispose()
    {
        Store.Dispose();
        if (!ReferenceEquals(Presigner, Store))
        {
            Presigner.Dispose();
        }
    }

    private static AmazonS3Client Create(S3AudioStoreOptions options, string? serviceUrl)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            Timeout = options.RequestTimeout,
            MaxErrorRetry = 3,

            // Checksums only where S3 requires them: the SDK's default (CRC32 trailers on every upload) is not
            // understood by every S3-compatible store, and the gateway keeps its own SHA-256 of every object.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (string.IsNullOrEmpty(serviceUrl))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }
        else
        {
            config.ServiceURL = serviceUrl;
            config.AuthenticationRegion = options.Region;
        }

        return string.IsNullOrEmpty(options.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }
}
