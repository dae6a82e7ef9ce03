using System.Threading.Channels;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Mureka.Contracts.Api.V1;
using Mureka.Gateway.Generations;
using Mureka.Gateway.Tests.Support;
using Mureka.Testing;
using StackExchange.Redis;

namespace Mureka.Gateway.Tests.Generations;

/// <summary>
/// Two replicas sharing one real Redis: a stream followed on the replica that does not run the job sees the host's
/// stages live through the relay, then the whole stored mix; the relay skips its own and unreadable messages.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class RelayedProgressTests(StackFixture stack) : RedisGatewayTestBase(stack)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task StreamOnAReplicaNotRunningTheJob_SeesTheHostsStagesLive_ThenTheStoredMix()
    {
        // The replica runs nothing: every job runs on the fixture's gateway.
        await using var follower = await GatewayInstance.StartAsync(ConnectionString, AudioRoot, Hosts, s =>
        {
            Configure(s);
            s["Gateway:DispatchEnabled"] = "false";
        });
        var (_, key, _) = await Gateway.CreateTenantAsync();
        var auth = GatewayInstance.Auth(key);
        var created = await follower.Grpc.CreateGenerationAsync(new CreateGenerationRequest { Spec = new GenerationSpec { Genre = "jazz", DurationMs = 60_000, Seed = 4, Format = "wav" } }, auth);

        using var call = follower.Grpc.StreamGeneration(new StreamGenerationRequest { Id = created.Generation.Id }, auth);
        var stages = new List<string>();
        var audio = new MemoryStream();
        Generation? completed = null;
        await foreach (var message in call.ResponseStream.ReadAllAsync())
        {
            switch (message.EventCase)
            {
                case StreamGenerationResponse.EventOneofCase.Progress:
                    stages.Add(message.Progress.Stage);
                    break;
                case StreamGenerationResponse.EventOneofCase.Audio:
                    message.Audio.Data.WriteTo(audio);
                    break;
                case StreamGenerationResponse.EventOneofCase.Completed:
                    completed = message.Completed;
                    break;
            }
        }

        // Without the relay this replica only sees the row: queued, running. The host's stages are from the other one.
        Assert.Equal(GenerationStatus.Succeeded, completed?.Status);
        var hostStages = stages.Where(s => s is not ("queued" or "running")).Distinct().ToList();
        Assert.Contains("rendering", hostStages);
        Assert.Contains("encoding", hostStages);
        Assert.Equal(hostStages.Order(StageOrder.Instance), hostStages);
        using var http = Gateway.Http(key);
        Assert.Equal(await http.GetByteArrayAsync($"/v1/generations/{created.Generation.Id}/audio"), audio.ToArray());
    }

    [Fact]
    public async Task Relay_SkipsItsOwnAndUnreadableMessages_PassesTheOthersInOrder()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(Redis.ConnectionString);
        var sender = new RedisLiveRelay(redis, NullLogger<RedisLiveRelay>.Instance);
        var receiver = new RedisLiveRelay(redis, NullLogger<RedisLiveRelay>.Instance);
        var id = Guid.NewGuid();
        var heard = Channel.CreateUnbounded<string>();
        using var listening = receiver.Listen(id, (attempt, p) => heard.Writer.TryWrite($"{attempt}:{p.Stage}:{p.Fraction}"), () => heard.Writer.TryWrite("ended"));
        var channel = RedisChannel.Literal($"mureka:live:{id:N}");

        // Listening takes effect in the background: send until the first message gets through.
        await Poll.UntilAsync(
            () =>
            {
                sender.Publish(id, 1, new GenerationProgress { Stage = "probe" });
                return Task.FromResult(heard.Reader.TryRead(out _));
            },
            got => got,
            Deadline,
            "the relay listening");
        sender.Publish(id, 1, new GenerationProgress { Stage = "sync" });
        using var timeout = new CancellationTokenSource(Deadline);
        while (await heard.Reader.ReadAsync(timeout.Token) != "1:sync:0")
        {
        }

        receiver.Publish(id, 2, new GenerationProgress { Stage = "own" });
        var subscriber = redis.GetSubscriber();
        await subscriber.PublishAsync(channel, new byte[] { 0, 1, 2 });
        await subscriber.PublishAsync(channel, "\0\u0001garbage that is not a message at all, \uFFFD");
        await subscriber.PublishAsync(channel, new byte[5000]);
        var header = new byte[21];
        Guid.NewGuid().TryWriteBytes(header);
        header[16] = 1;
        await subscriber.PublishAsync(channel, header.Concat(new byte[] { 0xFF, 0xFF, 0xFF }).ToArray());
        sender.Publish(id, 3, new GenerationProgress { Stage = "rendering", Fraction = 0.5 });
        sender.Ended(id);

        Assert.Equal("3:rendering:0.5", await heard.Reader.ReadAsync(timeout.Token));
        Assert.Equal("ended", await heard.Reader.ReadAsync(timeout.Token));
        Assert.False(heard.Reader.TryRead(out var extra), extra);
    }

    /// <summary>The host's stages in the order it goes through them.</summary>
    private sealed class StageOrder : IComparer<string>
    {
        public static readonly StageOrder Instance = new();
        private static readonly string[] Order = ["composing", "arranging", "rendering", "mastering", "encoding"];

        public int Compare(string? x, string? y) => Array.IndexOf(Order, x).CompareTo(Array.IndexOf(Order, y));
    }
}
