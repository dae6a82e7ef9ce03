using Microsoft.Extensions.Options;
using Mureka.Gateway.Storage;

namespace Mureka.Gateway.Tests.Support;

/// <summary>
/// The real filesystem store on a disk the test can fill: while full, every write fails the way a full disk
/// does (ENOSPC), after the object was created, as on a real volume that runs out mid-file.
/// </summary>
public sealed class FullDiskAudioStore(IOptions<GatewayOptions> options) : IAudioStore
{
    private const int NoSpaceLeftOnDevice = 28;
    private readonly FileSystemAudioStore _inner = new(options);
    private volatile bool _full;
    private int _failedWrites;

    public int FailedWrites => Volatile.Read(ref _failedWrites);

    public void Fill() => _full = true;

    public void Free() => _full = false;

    public async Task<IAudioWriter> CreateAsync(string key, CancellationToken cancellationToken) => new Writer(await _inner.CreateAsync(key, cancellationToken), this);

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken) => _inner.OpenReadAsync(key, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken) => _inner.DeleteAsync(key, cancellationToken);

    public Task<string?> CheckWritableAsync(CancellationToken cancellationToken) => _inner.CheckWritableAsync(cancellationToken);

    public IAsyncEnumerable<string> ListOlderThanAsync(DateTimeOffset olderThan, CancellationToken cancellationToken) => _inner.ListOlderThanAsync(olderThan, cancellationToken);

    private sealed class Writer(IAudioWriter inner, FullDiskAudioStore store) : IAudioWriter
    {
        public long Length => inner.Length;

        public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        {
            if (store._full && inner.Length > 0)
            {
                Interlocked.Increment(ref store._failedWrites);
                throw new IOException("No space left on device", NoSpaceLeftOnDevice);
            }

            return inner.WriteAsync(data, cancellationToken);
        }

        public Task<string> CommitAsync(CancellationToken cancellationToken) => inner.CommitAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
