using Google.Protobuf;
using Microsoft.Extensions.Options;
using Mureka.Contracts.Api.V1;
using Mureka.Gateway.Generations;

namespace Mureka.Gateway.Tests.Generations;

/// <summary>The live-event hub misses nothing a subscriber needs and keeps bounded memory per job and per subscriber.</summary>
public sealed class GenerationEventHubTests
{
    private static readonly Guid Job = Guid.NewGuid();

    [Fact]
    public async Task Subscribe_AfterReplayLimit_ReplaysEveryStageTheLatestProgressAndGapFreeAudioPrefix()
    {
        var hub = new GenerationEventHub(Options.Create(new GatewayOptions { StreamReplayLimitBytes = 250 }));
        hub.Start(Job, 1);
        hub.Publish(Job, 1, Progress("composing", 0.1));
        hub.Publish(Job, 1, Progress("rendering", 0.3));
        for (var i = 0; i < 5; i++)
        {
            hub.Publish(Job, 1, Progress("encoding", 0.9 + (i / 100.0)));
            hub.Publish(Job, 1, Chunk(offset: i * 100, length: 100));
        }

        var replayed = await DrainAsync(hub, Job);

        Assert.Equal([0L, 100L], replayed.Where(m => m.Audio is not null).Select(m => m.Audio.Offset));
        var progress = replayed.Where(m => m.Progress is not null).Select(m => m.Progress).ToList();
        Assert.Equal(["composing", "rendering", "encoding"], progress.Select(p => p.Stage));
        Assert.Equal(0.94, progress[^1].Fraction, 3);
    }

    [Fact]
    public async Task Subscribe_BeforeTheRunStarts_GetsEverythingOnceItStartsHere()
    {
        var hub = new GenerationEventHub(Options.Create(new GatewayOptions()));
        using var live = hub.Subscribe(Job);

        hub.Start(Job, 1);
        hub.Publish(Job, 1, Progress("composing", 0));
        hub.Publish(Job, 1, Chunk(offset: 0, length: 10));
        hub.Finish(Job);
        var received = await ReadAllAsync(live);

        Assert.Equal(["composing", "audio"], received.Select(m => m.Progress?.Stage ?? "audio"));
        Assert.Equal(0, hub.LiveCount);
    }

    [Fact]
    public async Task Publish_SubscriberNotReading_KeepsEveryStageChangeButOnlyTheLatestFractionOfEach()
    {
        var hub = new GenerationEventHub(Options.Create(new GatewayOptions()));
        hub.Start(Job, 1);
        using var live = hub.Subscribe(Job);
        string[] stages = ["composing", "arranging", "rendering", "mastering", "encoding"];
        foreach (var stage in stages)
        {
            for (var i = 0; i <= 1_000; i++)
            {
                hub.Publish(Job, 1, Progress(stage, i / 1_000.0));
            }
        }

        hub.Finish(Job);
        var received = await ReadAllAsync(live);

        Assert.Equal(stages, received.Select(m => m.Progress.Stage));
        Assert.All(received, m => Assert.Equal(1.0, m.Progress.Fraction));
    }

    [Fact]
    public async Task Publish_SubscriberNotReading_DropsAudioPastBacklogAndStillCompletes()
    {
        var hub = new GenerationEventHub(Options.Create(new GatewayOptions()));
        hub.Start(Job, 1);
        using var live = hub.Subscribe(Job);
        for (var i = 0; i < GenerationEventHub.SubscriberBacklog * 3; i++)
        {
            hub.Publish(Job, 1, Chunk(offset: i * 10, length: 10));
        }

        hub.Finish(Job);
        var received = await ReadAllAsync(live);

        Assert.InRange(received.Count, 1, GenerationEventHub.SubscriberBacklog);
        Assert.Equal(0, received[0].Audio.Offset);
    }

    [Fact]
    public async Task Publish_OlderAttemptAfterANewerOneStarted_Ignored()
    {
        var hub = new GenerationEventHub(Options.Create(new GatewayOptions()));
        hub.Start(Job, 1);
        hub.Publish(Job, 1, Progress("rendering", 0.5));
        hub.Start(Job, 2);
        using var live = hub.Subscribe(Job);

        hub.Publish(Job, 1, Progress("mastering", 0.7));
        hub.Publish(Job, 2, Progress("composing", 0.1));
        hub.Finish(Job);
        var received = new List<LiveEvent>();
        await foreach (var message in live.ReadAllAsync())
        {
            received.Add(message);
        }

        Assert.Equal([(2, "composing")], received.Select(m => (m.Attempt, m.Message.Progress.Stage)));
    }

    [Fact]
    public void Subscribe_DisposedWithoutARunHere_LeavesNothingBehind()
    {
        var hub = new GenerationEventHub(Options.Create(new GatewayOptions()));
        var first = hub.Subscribe(Guid.NewGuid());
        var second = hub.Subscribe(Job);
        hub.Start(Job, 1);

        first.Dispose();
        first.Dispose();
        second.Dispose();

        // The job that runs here keeps its live state until its run ends.
        Assert.Equal(1, hub.LiveCount);
        hub.Finish(Job);
        Assert.Equal(0, hub.LiveCount);
    }

    private static async Task<List<StreamGenerationResponse>> DrainAsync(GenerationEventHub hub, Guid id)
    {
        using var live = hub.Subscribe(id);
        hub.Finish(id);
        return await ReadAllAsync(live);
    }

    private static async Task<List<StreamGenerationResponse>> ReadAllAsync(LiveSubscription live)
    {
        var messages = new List<StreamGenerationResponse>();
        await foreach (var message in live.ReadAllAsync())
        {
            messages.Add(message.Message);
        }

        return messages;
    }

    private static StreamGenerationResponse Progress(string stage, double fraction) =>
        new() { Progress = new GenerationProgress { Status = GenerationStatus.Running, Stage = stage, Fraction = fraction } };

    [Fact]
    public void Watch_DisposedWhetherOrNotFinishedHere_LeavesNoWaiterBehind()
    {
        var hub = new GenerationEventHub(Options.Create(new GatewayOptions()));
        var finishedElsewhere = Guid.NewGuid();
        var first = hub.Watch(finishedElsewhere);
        var second = hub.Watch(finishedElsewhere);
        using (var finishedHere = hub.Watch(Job))
        {
            hub.Finish(Job);
            Assert.True(finishedHere.Finished.IsCompletedSuccessfully);
        }

        Assert.False(first.Finished.IsCompleted);
        first.Dispose();
        Assert.Equal(1, hub.WatchedCount);
        second.Dispose();
        second.Dispose();

        Assert.Equal(0, hub.WatchedCount);
    }

    private static StreamGenerationResponse Chunk(long offset, int length) =>
        new() { Audio = new AudioData { ContentType = "audio/wav", Offset = offset, Data = ByteString.CopyFrom(new byte[length]) } };
}
