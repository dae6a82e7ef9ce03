using System.Threading.Channels;
using Grpc.Core;
using Mureka.Contracts.Inference.V1;

namespace Mureka.Inference.Host.Generation.Internal;

/// <summary>
/// The one writer of a Generate response stream: gRPC allows a single pending write, so every item enqueues here and
/// one pump writes in order. Audio waits for room (back-pressure from a slow client); progress is dropped when the
/// queue is full because a newer report follows anyway.
/// </summary>
internal sealed class ResponseChannel : IAsyncDisposable
{
    private const int Depth = 32;
    private readonly Channel<GenerateResponse> _queue = Channel.CreateBounded<GenerateResponse>(
        new BoundedChannelOptions(Depth) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly IAsyncStreamWriter<GenerateResponse> _stream;
    private readonly CancellationTokenSource _call;
    private readonly Task _pump;

    /// <param name="call">Cancelled when the stream breaks, so producers stop working for a client that is gone.</param>
    public ResponseChannel(IAsyncStreamWriter<GenerateResponse> stream, CancellationTokenSource call)
    {
        _stream = stream;
        _call = call;
        _pump = Task.Run(PumpAsync, CancellationToken.None);
    }

    public bool TryWrite(GenerateResponse response) => _queue.Writer.TryWrite(response);

    public ValueTask WriteAsync(GenerateResponse response, CancellationToken cancellationToken) =>
        _queue.Writer.WriteAsync(response, cancellationToken);

    /// <summary>Waits until everything enqueued so far has been written.</summary>
    public async Task CompleteAsync()
    {
        _queue.Writer.TryComplete();
        await _pump.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        try
        {
            await _pump.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The call is already over (client gone or deadline); there is nobody left to tell.
        }
    }

    private async Task PumpAsync()
    {
        var token = _call.Token;
        try
        {
            await foreach (var response in _queue.Reader.ReadAllAsync(token).ConfigureAwait(false))
            {
                await _stream.WriteAsync(response, token).ConfigureAwait(false);
            }
        }
        catch
        {
            await _call.CancelAsync().ConfigureAwait(false);
            _queue.Writer.TryComplete();
            throw;
        }
    }
}
