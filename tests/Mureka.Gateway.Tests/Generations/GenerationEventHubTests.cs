using Google.Protobuf;
using Microsoft.Extensions.Options;
using Mureka.Contracts.Api.V1;
using Mureka.Gateway.Generations;

namespace Mureka.Gateway.Tests.Generations;

/// <summary>The live-event hub keeps bounded memory per job and per subscriber.</summary>
public sealed class GenerationEventHubTests
{
    private static readonly Guid Job = Guid.NewGuid();

    [Fact]
    public async Task Subscribe_AfterReplayLimit_ReplaysGapFreePrefixAndLatestProgress()
    {
        var hub = new GenerationEventHub(Options.Create(new GatewayOptions { StreamReplayLimitBytes = 250 }));
        hub.Start(Job);
        for (var i = 0; i < 5; i++)
        {
            hub.Publish(Job, Progress(i / 5.0));
            hub.Publish(Job, Chunk(offset: i * 100, length: 100));
        }

        var replayed = await DrainAsync(hub, Job);

        Assert.Equal([0L, 100L], replayed.Where(m => m.Audio is not null).Select(m => m.Audio.Offset));
        Assert.Equal(0.8, replayed.Single(m => m.Progress is not null).Progress.Fraction, 3);
    }

    [Fact]
    public async Task Publish_SubscriberNotReading_DropsPastBacklogAndStillCompletes()
    {
        var hub = new GenerationEventHub(Options.Create(new GatewayOptions()));
        hub.Start(Job);
        var reader = hub.Subscribe(Job)!;
        for (var i = 0; i < GenerationEventHub.SubscriberBacklog * 3; i++)
        {
            hub.Publish(Job, Chunk(offset: i * 10, length: 10));
        }

        hub.Finish(Job);
        var received = new List<StreamGenerationResponse>();
        await foreach (var message in reader.ReadAllAsync())
        {
            received.Add(message);
        }

        Assert.InRange(received.Count, 1, GenerationEventHub.SubscriberBacklog + 1);
        Assert.Equal(0, received[0].Audio.Offset);
    }

    [Fact]
    public void Subscribe_JobNotRunningHere_Null()
    {
        var hub = new GenerationEventHub(Options.Create(new GatewayOptions()));

        Assert.Null(hub.Subscribe(Guid.NewGuid()));
    }

    private static async Task<List<StreamGenerationResponse>> DrainAsync(GenerationEventHub hub, Guid id)
    {
        var reader = hub.Subscribe(id)!;
        hub.Finish(id);
        var messages = new List<StreamGenerationResponse>();
        await foreach (var message in reader.ReadAllAsync())
        {
            messages.Add(message);
        }

        return messages;
    }

    private static StreamGenerationResponse Progress(double fraction) =>
        new() { Progress = new GenerationProgress { Status = GenerationStatus.Running, Stage = "render", Fraction = fraction } };

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
