using System.Buffers.Binary;
using Google.Protobuf;
using Mureka.Contracts.Api.V1;
using StackExchange.Redis;

namespace Mureka.Gateway.Generations;

/// <summary>
/// Relays live progress between replicas over Redis pub/sub, one channel per job (<c>mureka:live:{id}</c>), so a
/// replica only receives the jobs its streams follow. Job ids are random, so deployments sharing one Redis never meet
/// on a channel. A message is the sending replica's id (16 bytes, so a replica
/// skips its own), a kind byte (1 progress, 2 ended), the attempt (4 bytes, little-endian) and, for progress, the
/// <see cref="GenerationProgress"/> in protobuf. Publishing is fire-and-forget and never waits on Redis; a message
/// that cannot be read is dropped. Each channel's messages are handled one at a time, in order.
/// </summary>
public sealed class RedisLiveRelay : ILiveRelay
{
    private const byte ProgressKind = 1;
    private const byte EndedKind = 2;
    private const int HeaderBytes = 16 + 1 + 4;

    /// <summary>Far above any progress message (a stage name and two numbers); a longer one is not ours.</summary>
    private const int MaxMessageBytes = 4096;

    private readonly Guid _replica = Guid.NewGuid();
    private readonly IConnectionMultiplexer _redis;
    private readonly ILogger<RedisLiveRelay> _logger;

    public RedisLiveRelay(IConnectionMultiplexer redis, ILogger<RedisLiveRelay> logger)
    {
        _redis = redis;
        _logger = logger;
    }

    public void Publish(Guid id, int attempt, GenerationProgress progress) => Send(id, ProgressKind, attempt, progress);

    public void Ended(Guid id) => Send(id, EndedKind, 0, null);

    public IDisposable Listen(Guid id, Action<int, GenerationProgress> progress, Action ended)
    {
        var listening = new Listening(this, progress, ended);
        listening.Start(Channel(id));
        return listening;
    }

    private static RedisChannel Channel(Guid id) => RedisChannel.Literal($"mureka:live:{id:N}");

    private void Send(Guid id, byte kind, int attempt, GenerationProgress? progress)
    {
        var body = progress?.ToByteArray() ?? [];
        var message = new byte[HeaderBytes + body.Length];
        _replica.TryWriteBytes(message);
        message[16] = kind;
        BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(17), attempt);
        body.CopyTo(message, HeaderBytes);
        try
        {
            _redis.GetSubscriber().Publish(Channel(id), message, CommandFlags.FireAndForget);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // Followers elsewhere fall back to reading the row.
            _logger.LogDebug(e, "Live progress not relayed");
        }
    }

    private void Receive(ChannelMessage message, Action<int, GenerationProgress> progress, Action ended)
    {
        byte[]? bytes = message.Message;
        if (bytes is null || bytes.Length < HeaderBytes || bytes.Length > MaxMessageBytes || new Guid(bytes.AsSpan(0, 16)) == _replica)
        {
            return;
        }

        var attempt = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(17));
        switch (bytes[16])
        {
            case ProgressKind:
                GenerationProgress parsed;
                try
                {
                    parsed = GenerationProgress.Parser.ParseFrom(bytes, HeaderBytes, bytes.Length - HeaderBytes);
                }
                catch (InvalidProtocolBufferException)
                {
                    return;
                }

                progress(attempt, parsed);
                break;
            case EndedKind:
                ended();
                break;
        }
    }

    /// <summary>One job's channel, subscribed in the background and unsubscribed on dispose (whichever comes first).</summary>
    private sealed class Listening(RedisLiveRelay relay, Action<int, GenerationProgress> progress, Action ended) : IDisposable
    {
        private readonly Lock _lock = new();
        private ChannelMessageQueue? _queue;
        private bool _disposed;

        public void Start(RedisChannel channel) => _ = SubscribeAsync(channel);

        public void Dispose()
        {
            ChannelMessageQueue? queue;
            lock (_lock)
            {
                _disposed = true;
                queue = _queue;
                _queue = null;
            }

            Unsubscribe(queue);
        }

        private async Task SubscribeAsync(RedisChannel channel)
        {
            ChannelMessageQueue queue;
            try
            {
                queue = await relay._redis.GetSubscriber().SubscribeAsync(channel).ConfigureAwait(false);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                // Redis is down or slow: the streams here read the row instead.
                relay._logger.LogDebug(e, "Live progress from other replicas not followed");
                return;
            }

            lock (_lock)
            {
                if (!_disposed)
                {
                    _queue = queue;
                    queue.OnMessage(m => relay.Receive(m, progress, ended));
                    return;
                }
            }

            Unsubscribe(queue);
        }

        /// <summary>Never throws: it runs where a live run ends, which must not fail over Redis.</summary>
        private void Unsubscribe(ChannelMessageQueue? queue)
        {
            try
            {
                queue?.Unsubscribe(CommandFlags.FireAndForget);
            }
            catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
            {
                relay._logger.LogDebug(e, "Live progress channel left subscribed until Redis reconnects");
            }
        }
    }
}
