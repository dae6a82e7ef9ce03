using Microsoft.Extensions.Options;
using Mureka.Gateway.Storage;

namespace Mureka.Gateway.Tests.Support;

/// <summary>
/// The real filesystem store, except that committing a mix waits for the test to open the gate. The
/// dispatcher publishes each chunk before committing, so a test can observe streamed audio while the
/// job is provably not finished yet.
/// </summary>
public sealed class GatedAudioStore(IOptions<GatewayOptions> options) : IAudioStore
{
    private readonly FileSystemAudioStore _inner = new(options);

    private TaskCompletionSource _gate = Opened();
    private int _waiting;

    /// <summary>True while a mix has been fully written and waits at the closed gate to commit.</summary>
    public bool MixWaiting => Volatile.Read(ref _waiting) > 0;

    /// <summary>Mixes created from now on wait for <see cref="Open"/> before committing.</summary>
    public void Close() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Open() => _gate.TrySetResult();

    public async Task<IAudioWriter> CreateAsync(string key, CancellationToken cancellationToken)
    {
        var writer = await _inner.CreateAsync(key, cancellationToken);
        return key.Contains("/mix.", StringComparison.Ordinal) ? new GatedWriter(writer, _gate.Task, this) : writer;
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken) => _inner.OpenReadAsync(key, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken) => _inner.DeleteAsync(key, cancellationToken);

    public Task<string?> CheckWritableAsync(CancellationToken cancellationToken) => _inner.CheckWritableAsync(cancellationToken);

    public IAsyncEnumerable<string> ListOlderThanAsync(DateTimeOffset olderThan, CancellationToken cancellationToken) => _inner.ListOlderThanAsync(olderThan, cancellationToken);

    private static TaskCompletionSource Opened()
    {
        var gate = new TaskCompletionSource();
        gate.SetResult();
        return gate;
    }

    private sealed class GatedWriter(IAudioWriter inner, Task gate, GatedAudioStore store) : IAudioWriter
    {
        public long Length => inner.Length;

        public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) => inner.WriteAsync(data, cancellationToken);

        public async Task<string> CommitAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref store._waiting);
            try
            {
                await gate.WaitAsync(cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref store._waiting);
            }

            return await inner.CommitAsync(cancellationToken);
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
