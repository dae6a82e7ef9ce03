using Mureka.Contracts.Inference.V1;
using Mureka.Engine;
using Mureka.Spec;

namespace Mureka.Inference.Host.Generation.Internal;

/// <summary>
/// One item of a running batch: its cancellation (CancelItem or the whole call) and its throttled progress reports.
/// Every stage change is sent, however long the track (a client shows the stage, so none may go missing); within a
/// stage only steps of <see cref="MinStep"/> or more are, and only while the response stream has room. That bounds an
/// item to about (1 / MinStep + 1) messages per stage whatever its length, instead of a flat cap that long tracks
/// used up before their last stages. Once the item has ended no more progress is sent, so its result or error is
/// always its last message.
/// </summary>
internal sealed class ItemRun : IProgress<RenderProgress>, IDisposable
{
    /// <summary>The smallest same-stage advance worth a message: the stream is for audio, not for a progress bar at 60 fps.</summary>
    public const double MinStep = 0.05;

    private readonly CancellationTokenSource _canceled = new();
    private readonly CancellationTokenSource _token;
    private readonly ResponseChannel _responses;
    private readonly Lock _gate = new();
    private bool _ended;
    private RenderStage? _lastStage;
    private double _lastFraction = -1;

    public ItemRun(string itemId, ResolvedMusicSpec request, FileProvenance? provenance, ResponseChannel responses, CancellationToken callToken)
    {
        ItemId = itemId;
        Request = request;
        Provenance = provenance;
        _responses = responses;
        _token = CancellationTokenSource.CreateLinkedTokenSource(_canceled.Token, callToken);
    }

    public string ItemId { get; }

    public ResolvedMusicSpec Request { get; }

    /// <summary>What this item's files carry in their tags; null writes none.</summary>
    public FileProvenance? Provenance { get; }

    /// <summary>Cancelled by CancelItem or by the end of the call.</summary>
    public CancellationToken Token => _token.Token;

    /// <summary>True when CancelItem (not the call) cancelled this item.</summary>
    public bool CancelRequested => _canceled.IsCancellationRequested;

    public bool Cancel()
    {
        lock (_gate)
        {
            if (_ended || _canceled.IsCancellationRequested)
            {
                return false;
            }

            // Under the lock so a concurrent Dispose cannot free the source between the check and the cancel.
            _canceled.Cancel();
            return true;
        }
    }

    /// <summary>Stops progress for good; called right before the item's terminal message is written.</summary>
    public void End()
    {
        lock (_gate)
        {
            _ended = true;
        }
    }

    public void Report(RenderProgress value)
    {
        if (value.Stage == RenderStage.Done)
        {
            return;
        }

        lock (_gate)
        {
            // Stages only move forward, so at most one unthrottled message per stage; a stage that went back (none does
            // today) is throttled like any other update rather than trusted to stay bounded.
            var stageChanged = _lastStage is not { } last || value.Stage > last;
            if (_ended || (!stageChanged && value.Fraction < _lastFraction + MinStep))
            {
                return;
            }

            var message = new GenerateResponse
            {
                ItemId = ItemId,
                Progress = new ItemProgress { Stage = value.Stage.ToString().ToLowerInvariant(), Fraction = Math.Clamp(value.Fraction, 0, 1) },
            };
            if (stageChanged ? _responses.WriteStageChange(message) : _responses.TryWrite(message))
            {
                _lastStage = stageChanged ? value.Stage : _lastStage;
                _lastFraction = value.Fraction;
            }
        }
    }

    public void Dispose()
    {
        End();
        _token.Dispose();
        _canceled.Dispose();
    }
}
