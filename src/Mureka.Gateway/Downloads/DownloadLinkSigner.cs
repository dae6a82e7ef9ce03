namespace Mureka.Gateway.Downloads;

/// <summary>
/// Signs download links that all expire at <see cref="ExpiresAt"/>. The expiry is rounded up to a step of the
/// lifetime, so every response in one step carries the same links and a finished generation's JSON can be reused.
/// </summary>
public sealed class DownloadLinkSigner(byte[] key, DateTimeOffset expiresAt)
{
    public const string PathPrefix = "/v1/downloads/";

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    /// <summary>The link's path, relative to the API's base URL like every <c>url</c> the API returns.</summary>
    public string PathFor(Guid tenantId, Guid generationId, string objectName) =>
        PathPrefix + DownloadLinkToken.Create(key, new DownloadLinkClaim(tenantId, generationId, objectName, ExpiresAt));
}
