using System.Threading.Channels;
using Grpc.Core;
using Mureka.Contracts.Inference.V1;

namespace Mureka.Inference.Host.Generation.Internal;

/// <summary>
/// The one writer of a Generate response stream: gRPC allows a single pending write, so every item enqueues here and
/// one pump writes in order. Audio, results and errors wait for one of <see cref="Depth"/> slots (back-pressure from a
/// slow client). A same-stage progress update is dropped when no slot is free, because a newer report follows anyway;
/// a stage change never is (<see cref="WriteStageChange"/>): it takes no slot, and ItemRun sends at most one per stage.
/// </summary>
internal sealed class ResponseChannel : IAsyncDisposable
{
    private const int Depth = 32;

    // Unbounded only for stage changes (a handful per item); everything else is held to Depth by _slots.
    private readonly Channel<Queued> _queue = Channel.CreateUnbounded<Queued>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _slots = new(Depth, Depth);
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

    /// <summary>Enqueues when a slot is free; false (nothing enqueued) otherwise.</summary>
    public bool TryWrite(GenerateResponse response)
    {
        if (!_slots.Wait(0))
        {
            return false;
        }

        if (_queue.Writer.TryWrite(new Queued(response, HoldsSlot: true)))
        {
            return true;
        }

        _slots.Release();
        return false;
    }

    /// <summary>Enqueues a progress message that starts a new stage: never dropped for want of room.</summary>
    /// <returns>False only when the stream is already over.</returns>
    public bool WriteStageChange(GenerateResponse response) => _queue.Writer.TryWrite(new Queued(response, HoldsSlot: false));

    public async ValueTask WriteAsync(GenerateResponse response, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _queue.Writer.WriteAsync(new Queued(response, HoldsSlot: true), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

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

        _slots.Dispose();
    }

    private async Task PumpAsync()
    {
        var token = _call.Token;
        try
        {
            await foreach (var queued in _queue.Reader.ReadAllAsync(token).ConfigureAwait(false))
            {
                await _stream.WriteAsync(queued.Response, token).ConfigureAwait(false);
                if (queued.HoldsSlot)
                {
                    _slots.Release();
                }
            }
        }
        catch
        {
            await _call.CancelAsync().ConfigureAwait(false);
            _queue.Writer.TryComplete();
            throw;
        }
    }

    private readonly record struct Queued(GenerateResponse Response, bool HoldsSlot);
}
