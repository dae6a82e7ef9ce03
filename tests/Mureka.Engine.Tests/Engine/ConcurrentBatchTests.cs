using Mureka.Engine.Tests.TestSupport;
using Mureka.Spec;

namespace Mureka.Engine.Tests.Engine;

/// <summary>
/// A batch's items render concurrently on the engine's render workers: really at once, never more than the workers,
/// started in the batch's order, an item cancelled before its turn skipped, and every item's audio the same as alone.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class ConcurrentBatchTests(SharedEngine shared)
{
    /// <summary>How long an item waits at the start of its render for the others to start too; reached only on failure.</summary>
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task StartBatch_SixItemsOnFourWorkers_FourRenderAtOnceAndEachIsByteIdenticalToItsRenderAlone()
    {
        var requests = new[]
        {
            Request("jazz", 4_000, 99),
            Request("rock", 3_000, 5, "3/4"),
            Request("lofi-hip-hop", 3_500, 6),
            Request("cinematic-orchestral", 3_000, 7, "6/8"),
            SpecResolver.Resolve(new MusicSpec { Genre = "house", DurationMs = 4_000, Seed = 8, Loop = true }),
            SpecResolver.Resolve(new MusicSpec { Genre = "solo-piano", DurationMs = 3_000, Seed = 9, Stems = true }),
        };
        using var engine = MurekaEngine.Create(new EngineOptions { RenderWorkers = 4 });
        var log = new StageLog();

        // The first four items each hold their render at its start until all four have started: they can only all
        // get there when four items render at the same time.
        using var fourStarted = new CountdownEvent(4);
        var metAtStart = new bool[4];
        var batch = engine.StartBatch([.. requests.Select((r, i) => new BatchItem(r, log.For(i, stage =>
        {
            if (stage == RenderStage.Arranging && i < 4)
            {
                fourStarted.Signal();
                metAtStart[i] = fourStarted.Wait(StartDeadline);
            }
        })))]);
        var together = await Task.WhenAll(batch.Items);
        await batch.Completion;

        Assert.Equal([true, true, true, true], metAtStart);
        for (var i = 0; i < requests.Length; i++)
        {
            var alone = await shared.Engine.RenderAsync(requests[i]);
            Assert.Equal(alone.Audio.Mix.Left, together[i].Audio.Mix.Left);
            Assert.Equal(alone.Audio.Mix.Right, together[i].Audio.Mix.Right);
            Assert.Equal(await EncodeAsync(alone), await EncodeAsync(together[i]));
            Assert.Equal(alone.PcmSha256(), together[i].PcmSha256());
            foreach (var stem in alone.Audio.Stems.Keys)
            {
                Assert.Equal(alone.StemPcmSha256(stem), together[i].StemPcmSha256(stem));
            }
        }
    }

    [Fact]
    public async Task StartBatch_FiveItemsOnTwoWorkers_NeverMoreThanTwoRenderAtOnce()
    {
        var requests = Enumerable.Range(0, 5).Select(i => Request(i % 2 == 0 ? "corporate-pop" : "chiptune", 2_000, 100 + i)).ToList();
        using var engine = MurekaEngine.Create(new EngineOptions { RenderWorkers = 2 });
        var log = new StageLog();

        var batch = engine.StartBatch([.. requests.Select((r, i) => new BatchItem(r, log.For(i)))]);
        await Task.WhenAll(batch.Items);
        await batch.Completion;

        // An item holds its worker from before it reports arranging until after it reports mastering, so the items
        // between those two reports are a lower bound on the items rendering at once.
        var rendering = 0;
        var most = 0;
        foreach (var (_, stage) in log.Events)
        {
            rendering += stage switch
            {
                RenderStage.Arranging => 1,
                RenderStage.Mastering => -1,
                _ => 0,
            };
            most = Math.Max(most, rendering);
        }

        Assert.InRange(most, 1, 2);
        Assert.Equal([0, 1, 2, 3, 4], log.ItemsReaching(RenderStage.Mastering).Order());
    }

    [Fact]
    public async Task StartBatch_OneWorker_ItemsRunInOrderAndOneCancelledBeforeItsTurnIsSkipped()
    {
        var requests = Enumerable.Range(0, 4).Select(i => Request("acoustic-folk", 2_000, 200 + i)).ToList();
        using var engine = MurekaEngine.Create(new EngineOptions { RenderWorkers = 1 });
        var log = new StageLog();
        using var cancelThird = new CancellationTokenSource();

        // Cancelled while the first item renders, so the third is still waiting for the only worker.
        var items = requests.Select((r, i) => new BatchItem(
            r,
            log.For(i, stage =>
            {
                if (i == 0 && stage == RenderStage.Arranging)
                {
                    cancelThird.Cancel();
                }
            }),
            i == 2 ? cancelThird.Token : CancellationToken.None)).ToList();
        var batch = engine.StartBatch(items);
        await batch.Composition;
        await batch.Completion;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => batch.Items[2]);
        int[] rendered = [0, 1, 3];
        Assert.All(rendered, i => Assert.True(batch.Items[i].IsCompletedSuccessfully, $"item {i}: {batch.Items[i].Status}"));
        var started = log.Events.Where(e => e.Stage is RenderStage.Arranging or RenderStage.Mastering).ToList();
        Assert.Equal(
            [(0, RenderStage.Arranging), (0, RenderStage.Mastering), (1, RenderStage.Arranging), (1, RenderStage.Mastering), (3, RenderStage.Arranging), (3, RenderStage.Mastering)],
            started);
        Assert.DoesNotContain(log.Events, e => e.Item == 2 && e.Stage != RenderStage.Composing);
    }

    private static ResolvedMusicSpec Request(string genre, long durationMs, long seed, string timeSignature = "4/4") =>
        SpecResolver.Resolve(new MusicSpec { Genre = genre, DurationMs = durationMs, Seed = seed, TimeSignature = timeSignature });

    private static async Task<byte[]> EncodeAsync(RenderResult result)
    {
        using var stream = new MemoryStream();
        await result.WriteAsync(stream);
        return stream.ToArray();
    }
}
