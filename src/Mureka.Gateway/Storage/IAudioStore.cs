namespace Mureka.Gateway.Storage;

/// <summary>
/// Where rendered audio lives. The filesystem store is the default; an object store (S3, GCS) can
/// implement the same operations (Storage/S3). Keys are relative paths such as <c>{generation}/{claim}/mix.wav</c>.
/// </summary>
public interface IAudioStore
{
    /// <summary>Starts writing an object; nothing is visible under <paramref name="key"/> until <see cref="IAudioWriter.CommitAsync"/>.</summary>
    Task<IAudioWriter> CreateAsync(string key, CancellationToken cancellationToken);

    /// <summary>A seekable stream (ranges are served from it), or null when the object does not exist.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// A short-lived URL from which a client can fetch the object directly (a presigned object-store URL), or null
    /// when downloads are streamed through the gateway.
    /// </summary>
    Task<Uri?> GetDownloadUrlAsync(string key, CancellationToken cancellationToken) => Task.FromResult<Uri?>(null);

    /// <summary>Removes the object; an object that does not exist is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Every object last written before <paramref name="olderThan"/>, including writes that were never committed,
    /// for the sweep that removes what no generation row refers to.
    /// </summary>
    IAsyncEnumerable<string> ListOlderThanAsync(DateTimeOffset olderThan, CancellationToken cancellationToken);

    /// <summary>Null when the store can take new audio now, else why not (for readiness).</summary>
    Task<string?> CheckWritableAsync(CancellationToken cancellationToken);
}

/// <summary>An object being written: append in order, then commit (atomic) or dispose (discarded).</summary>
public interface IAudioWriter : IAsyncDisposable
{
    long Length { get; }

    ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <returns>The lower-case hex SHA-256 of what was written.</returns>
    Task<string> CommitAsync(CancellationToken cancellationToken);
}
