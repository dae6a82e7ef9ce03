using Grpc.Core;
using Mureka.Contracts.Inference.V1;
using Mureka.Engine;
using Mureka.Inference.Host.Generation.Internal;
using Mureka.Inference.Host.Tests.Support;

namespace Mureka.Inference.Host.Tests.Generation.Internal;

public sealed class ItemRunTests
{
    private static readonly RenderStage[] Stages = [RenderStage.Composing, RenderStage.Arranging, RenderStage.Rendering, RenderStage.Mastering, RenderStage.Encoding];

    [Fact]
    public async Task Report_LongTrackWhileTheStreamIsFull_EveryStageArrivesInOrderAndSameStageUpdatesStayBounded()
    {
        // Arrange: a client that reads nothing until released, and a stream already full of another item's audio.
        var stream = new GatedWriter();
        using var call = new CancellationTokenSource();
        var spec = TrackSpecCheck.Check(Specs.Track(durationMs: 180_000), "mureka-compose-1").Spec!;
        var responses = new ResponseChannel(stream, call);
        var filler = 0;
        while (responses.TryWrite(new GenerateResponse { ItemId = "other", Audio = new AudioChunk { Object = "mix" } }))
        {
            filler++;
        }

        using var run = new ItemRun("long", spec, null, responses, call.Token);

        // Act: a 180 s track reports thousands of fine-grained updates per stage, as the engine does.
        var reported = 0;
        foreach (var (stage, from, to) in new[] { (RenderStage.Composing, 0.0, 0.3), (RenderStage.Arranging, 0.3, 0.3), (RenderStage.Rendering, 0.3, 0.9), (RenderStage.Mastering, 0.9, 0.95), (RenderStage.Encoding, 0.95, 0.95) })
        {
            for (var i = 0; i <= 2_000; i++)
            {
                run.Report(new RenderProgress(stage, from + ((to - from) * i / 2_000)));
                reported++;
            }
        }

        stream.Release();
        await responses.CompleteAsync();

        // Assert
        var progress = stream.Written.Where(m => m.ItemId == "long").Select(m => m.Progress).ToList();
        Assert.True(filler > 0);
        Assert.Equal(Stages.Select(s => s.ToString().ToLowerInvariant()), progress.Select(p => p.Stage).Distinct());
        Assert.True(progress.Count <= Stages.Length * ((int)(1 / ItemRun.MinStep) + 1), $"{progress.Count} progress messages for {reported} reports");
        await responses.DisposeAsync();
    }

    /// <summary>A response stream whose client reads nothing until <see cref="Release"/>.</summary>
    private sealed class GatedWriter : IServerStreamWriter<GenerateResponse>
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<GenerateResponse> Written { get; } = [];

        public WriteOptions? WriteOptions { get; set; }

        public void Release() => _gate.TrySetResult();

        public Task WriteAsync(GenerateResponse message) => WriteAsync(message, CancellationToken.None);

        public async Task WriteAsync(GenerateResponse message, CancellationToken cancellationToken)
        {
            await _gate.Task.WaitAsync(cancellationToken);
            Written.Add(message);
        }
    }
}
