namespace Mureka.Gateway.Storage;

/// <summary>
/// Where rendered audio lives. The filesystem store is the default; an object store (S3, GCS) can
/// implement the same three operations. Keys are relative paths such as <c>{generation}/mix.wav</c>.
/// </summary>
public interface IAudioStore
{
    /// <summary>Starts writing an object; nothing is visible under <paramref name="key"/> until <see cref="IAudioWriter.CommitAsync"/>.</summary>
    Task<IAudioWriter> CreateAsync(string key, CancellationToken cancellationToken);

    /// <summary>A seekable stream (ranges are served from it), or null when the object does not exist.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken);

    Task DeleteAsync(string key, CancellationToken cancellationToken);
}

/// <summary>An object being written: append in order, then commit (atomic) or dispose (discarded).</summary>
public interface IAudioWriter : IAsyncDisposable
{
    long Length { get; }

    ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <returns>The lower-case hex SHA-256 of what was written.</returns>
    Task<string> CommitAsync(CancellationToken cancellationToken);
}
