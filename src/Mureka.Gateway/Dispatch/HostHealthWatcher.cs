using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Extensions.Options;
using Mureka.Batching;
using PoolOfHosts = Mureka.Batching.Hosts.HostPool<Mureka.Gateway.Dispatch.HostClient>;

namespace Mureka.Gateway.Dispatch;

/// <summary>
/// Feeds the batching host pool from one <c>grpc.health.v1</c> Watch stream per host: SERVING makes a
/// host usable (with as many batch slots as its reported capacity holds, <see cref="HostBatchSlots"/>), NOT_SERVING drains it, a broken stream (host gone) takes it out until a new Watch
/// succeeds. Reconnects back off exponentially up to <see cref="GatewayOptions.MaxHostRetryDelay"/>.
/// Hosts that discovery adds later get their own Watch; a removed host's Watch ends and the pool forgets it.
/// </summary>
public sealed partial class HostHealthWatcher(
    PoolOfHosts pool,
    IOptions<GatewayOptions> options,
    IOptions<BatchingOptions> batching,
    TimeProvider timeProvider,
    ILogger<HostHealthWatcher> logger) : BackgroundService
{
    private static readonly TimeSpan MinRetryDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest the gateway's start waits for the hosts' first health answers.</summary>
    private static readonly TimeSpan FirstAnswerWait = TimeSpan.FromSeconds(3);

    /// <summary>The hosts known at start (static list and the first DNS answer) and whether each answered yet.</summary>
    private Dictionary<string, TaskCompletionSource> _firstAnswers = [];

    /// <summary>
    /// Returns once every host answered (or failed) once, bounded: without this a replica that just
    /// started would answer 503 to its first requests only because no Watch had reported yet.
    /// </summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _firstAnswers = pool.Hosts.ToDictionary(
            h => h.Url, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), StringComparer.Ordinal);
        await base.StartAsync(cancellationToken);
        try
        {
            await Task.WhenAll(_firstAnswers.Values.Select(t => t.Task)).WaitAsync(FirstAnswerWait, timeProvider, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Hosts that have not answered yet count as down until they do.
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var watches = new Dictionary<HostClient, (CancellationTokenSource Stop, Task Loop)>();
        var gate = new Lock();
        void Start(HostClient host)
        {
            lock (gate)
            {
                if (stoppingToken.IsCancellationRequested || watches.ContainsKey(host))
                {
                    return;
                }

                var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                watches[host] = (stop, WatchAsync(host, stop.Token));
            }
        }

        void OnAdded(object? sender, HostClient host) => Start(host);
        void OnRemoved(object? sender, HostClient host)
        {
            lock (gate)
            {
                if (watches.Remove(host, out var watch))
                {
                    watch.Stop.Cancel();
                    watch.Stop.Dispose();
                }
            }
        }

        pool.Added += OnAdded;
        pool.Removed += OnRemoved;
        try
        {
            foreach (var host in pool.Hosts)
            {
                Start(host);
            }

            await Task.Delay(Timeout.InfiniteTimeSpan, timeProvider, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        finally
        {
            pool.Added -= OnAdded;
            pool.Removed -= OnRemoved;
            List<Task> loops;
            lock (gate)
            {
                loops = watches.Values.Select(w => w.Loop).ToList();
            }

            await Task.WhenAll(loops);
            lock (gate)
            {
                foreach (var watch in watches.Values)
                {
                    watch.Stop.Dispose();
                }
            }
        }
    }

    private async Task WatchAsync(HostClient host, CancellationToken stoppingToken)
    {
        try
        {
            await WatchLoopAsync(host, stoppingToken);
        }
        finally
        {
            if (_firstAnswers.TryGetValue(host.Url, out var first))
            {
                first.TrySetResult();
            }
        }
    }

    private async Task WatchLoopAsync(HostClient host, CancellationToken stoppingToken)
    {
        var retryDelay = MinRetryDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var call = host.Health.Watch(new HealthCheckRequest(), cancellationToken: stoppingToken);
                await foreach (var response in call.ResponseStream.ReadAllAsync(stoppingToken))
                {
                    var serving = response.Status == HealthCheckResponse.Types.ServingStatus.Serving;
                    if (serving)
                    {
                        // The batch size limit and capacity come from the host itself, so both are known before the first batch.
                        await host.EnsureInfoAsync(stoppingToken);
                        if (host.Info is { } info && HostBatchSlots.For(info, batching.Value) is { } slots)
                        {
                            pool.ReportSlots(host.Url, slots);
                        }

                        retryDelay = MinRetryDelay;
                    }

                    pool.ReportHealth(host.Url, serving);
                    AnsweredOnce(host);
                }
            }
            catch (Exception e) when (stoppingToken.IsCancellationRequested && e is OperationCanceledException or RpcException)
            {
                // Shutting down: grpc-dotnet reports the cancelled stream as RpcException(Cancelled).
                return;
            }
            catch (RpcException e) when (!stoppingToken.IsCancellationRequested)
            {
                LogWatchBroken(logger, host.Url, e.StatusCode);
            }

            pool.ReportHealth(host.Url, false);
            AnsweredOnce(host);
            try
            {
                await Task.Delay(retryDelay, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, options.Value.MaxHostRetryDelay.Ticks));
        }
    }

    private void AnsweredOnce(HostClient host)
    {
        if (_firstAnswers.TryGetValue(host.Url, out var first))
        {
            first.TrySetResult();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Health watch on {Host} ended with {StatusCode}; host is out until it answers again")]
    private static partial void LogWatchBroken(ILogger logger, string host, StatusCode statusCode);
}
