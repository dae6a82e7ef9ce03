using System.Runtime.CompilerServices;

namespace Mureka.Gateway.Internal;

/// <summary>Passes a stream on, with a <c>null</c> in between whenever it stayed silent for an interval.</summary>
internal static class Heartbeat
{
    /// <param name="source">Must end soon after <paramref name="ct"/> is cancelled.</param>
    public static async IAsyncEnumerable<T?> Merge<T>(IAsyncEnumerable<T?> source, TimeSpan interval, TimeProvider timeProvider, [EnumeratorCancellation] CancellationToken ct)
        where T : struct
    {
        var items = source.GetAsyncEnumerator(ct);
        Task<bool>? next = null;
        try
        {
            while (true)
            {
                next = items.MoveNextAsync().AsTask();
                while (!await BeforeSilenceAsync(next, interval, timeProvider, ct))
                {
                    ct.ThrowIfCancellationRequested();
                    yield return null;
                }

                if (!await next)
                {
                    yield break;
                }

                yield return items.Current;
            }
        }
        finally
        {
            // An enumerator may not be disposed while it is moving: let it see the cancellation and stop first.
            if (next is { IsCompleted: false })
            {
                await ((Task)next).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            await items.DisposeAsync();
        }
    }

    private static async Task<bool> BeforeSilenceAsync(Task<bool> next, TimeSpan interval, TimeProvider timeProvider, CancellationToken ct)
    {
        using var beat = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var silence = Task.Delay(interval, timeProvider, beat.Token);
        var first = await Task.WhenAny(next, silence);
        await beat.CancelAsync();
        return first == next;
    }
}
