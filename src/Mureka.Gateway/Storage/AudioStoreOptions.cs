namespace Mureka.Gateway.Storage;

/// <summary>Which store holds rendered audio: <c>Gateway:AudioStore</c>.</summary>
public sealed class AudioStoreOptions
{
    /// <summary>
    /// <see cref="AudioStoreKind.FileSystem"/> (the single-machine default, under <see cref="GatewayOptions.AudioRoot"/>) or
    /// <see cref="AudioStoreKind.S3"/>, which every gateway replica on every machine shares.
    /// </summary>
    public AudioStoreKind Kind { get; set; } = AudioStoreKind.FileSystem;

    public S3AudioStoreOptions S3 { get; set; } = new();
}

public enum AudioStoreKind
{
    FileSystem,
    S3,
}

/// <summary>How a REST download of audio kept in an object store is answered.</summary>
public enum AudioDownloadMode
{
    /// <summary>The gateway reads the object and streams it, with the same ranges and ETags as the filesystem store.</summary>
    Stream,

    /// <summary>
    /// 302 to a presigned URL of the object that lives for <see cref="S3AudioStoreOptions.PresignedUrlLifetime"/>: the
    /// bytes go from the store (or a CDN in front of it) to the client without passing through the gateway.
    /// </summary>
    Redirect,
}

/// <summary><c>Gateway:AudioStore:S3</c>: any S3-compatible object store (AWS S3, MinIO, Ceph RGW, R2, GCS interop).</summary>
public sealed class S3AudioStoreOptions
{
    /// <summary>The store's endpoint, e.g. <c>http://minio:9000</c>; empty for AWS S3 itself in <see cref="Region"/>.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>The region requests are signed for.</summary>
    public string Region { get; set; } = "us-east-1";

    public string Bucket { get; set; } = "";

    /// <summary>Prepended to every key (e.g. <c>audio/</c>), so that one bucket can hold other things too.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>With <see cref="SecretKey"/>; both empty uses the SDK's credential chain (environment, web identity, instance role).</summary>
    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>Path-style URLs (<c>host/bucket/key</c>), which self-hosted stores need; AWS prefers virtual-hosted style.</summary>
    public bool ForcePathStyle { get; set; } = true;

    public AudioDownloadMode Downloads { get; set; } = AudioDownloadMode.Stream;

    /// <summary>
    /// The endpoint clients reach when it differs from <see cref="ServiceUrl"/> (a public name or a CDN in front of the
    /// bucket): presigned URLs are signed for this host.
    /// </summary>
    public string? PublicServiceUrl { get; set; }

    public TimeSpan PresignedUrlLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Audio up to this size is one PUT; larger audio goes up in parts of this size as it is rendered (S3's minimum is 5 MiB).</summary>
    public int PartSizeBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Limit of one request to the store; the SDK retries transient failures within it.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
