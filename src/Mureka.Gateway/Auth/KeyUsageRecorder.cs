using System.Collections.Concurrent;
using System.Threading.Channels;
using Dapper;
using Npgsql;

namespace Mureka.Gateway.Auth;

/// <summary>
/// Keeps <c>api_keys.last_used_at</c> current to within <see cref="Resolution"/> without touching the request
/// path: a key is queued at most once per interval per replica, and a background loop writes the queued
/// keys in one statement. A write lost in a crash only makes the timestamp up to a minute older.
/// </summary>
public sealed partial class KeyUsageRecorder(NpgsqlDataSource dataSource, TimeProvider timeProvider, ILogger<KeyUsageRecorder> logger) : BackgroundService
{
    public static readonly TimeSpan Resolution = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<Guid, long> _lastQueued = new();
    private readonly Channel<(Guid KeyId, DateTimeOffset At)> _pending = Channel.CreateBounded<(Guid, DateTimeOffset)>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    /// <summary>Called on every authenticated request; cheap when the key was recorded within the last minute.</summary>
    public void Touch(Guid keyId)
    {
        var now = timeProvider.GetTimestamp();
        if (_lastQueued.TryGetValue(keyId, out var last) && timeProvider.GetElapsedTime(last, now) < Resolution)
        {
            return;
        }

        _lastQueued[keyId] = now;
        _pending.Writer.TryWrite((keyId, timeProvider.GetUtcNow()));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new Dictionary<Guid, DateTimeOffset>();
        try
        {
            while (await _pending.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < 1000 && _pending.Reader.TryRead(out var item))
                {
                    batch[item.KeyId] = item.At;
                }

                await WriteAsync(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task WriteAsync(Dictionary<Guid, DateTimeOffset> batch, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(
                """
                update api_keys k set last_used_at = u.at
                from unnest(@ids, @ats) as u(id, at)
                where k.id = u.id and (k.last_used_at is null or k.last_used_at < u.at)
                """, new { ids = batch.Keys.ToArray(), ats = batch.Values.ToArray() }, cancellationToken: cancellationToken));
        }
        catch (NpgsqlException e)
        {
            LogWriteFailed(logger, batch.Count, e);
            foreach (var id in batch.Keys)
            {
                // Let the next request of each key queue it again.
                _lastQueued.TryRemove(id, out _);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record last use of {Count} API keys")]
    private static partial void LogWriteFailed(ILogger logger, int count, Exception exception);
}
