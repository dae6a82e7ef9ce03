using System.Collections.Concurrent;

namespace Mureka.Engine.Tests.TestSupport;

/// <summary>
/// One log for a whole batch: every item's stage changes in the order they happened, across threads. An item's render
/// reports from its parallel synths too, so each item's sink is locked and logs only when its stage changes.
/// </summary>
public sealed class StageLog
{
    private readonly ConcurrentQueue<(int Item, RenderStage Stage)> _events = new();

    public IReadOnlyList<(int Item, RenderStage Stage)> Events => [.. _events];

    /// <summary>The indices of the items in the order they reported <paramref name="stage"/>.</summary>
    public IReadOnlyList<int> ItemsReaching(RenderStage stage) => [.. _events.Where(e => e.Stage == stage).Select(e => e.Item)];

    /// <summary>Item <paramref name="item"/>'s sink; <paramref name="onStage"/> runs on the reporting thread at each new stage.</summary>
    public IProgress<RenderProgress> For(int item, Action<RenderStage>? onStage = null) => new Sink(this, item, onStage);

    private sealed class Sink(StageLog log, int item, Action<RenderStage>? onStage) : IProgress<RenderProgress>
    {
        private readonly Lock _gate = new();
        private RenderStage? _last;

        public void Report(RenderProgress value)
        {
            lock (_gate)
            {
                if (_last == value.Stage)
                {
                    return;
                }

                _last = value.Stage;
                log._events.Enqueue((item, value.Stage));
            }

            onStage?.Invoke(value.Stage);
        }
    }
}
