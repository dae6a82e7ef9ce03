using Microsoft.Extensions.Options;
using Mureka.Migrations;

namespace Mureka.Gateway.Data;

/// <summary>
/// Applies migrations before anything else starts when <c>Gateway:MigrateOnStart</c> is set (dev and tests;
/// production runs <c>mureka admin db migrate</c>). With the database down the gateway starts anyway and
/// keeps trying with backoff: readiness stays NOT_SERVING until the schema is in place, and a process
/// that crash-loops while the database restarts helps nobody.
/// </summary>
internal sealed partial class MigrationStartupService(
    IOptions<GatewayOptions> options,
    MigrationState state,
    DatabaseAvailability availability,
    TimeProvider timeProvider,
    ILogger<MigrationStartupService> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    // Short: until the schema is in place the gateway is not ready, and a failed attempt costs one refused connect.
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stopping = new();
    private Task _retries = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.MigrateOnStart || options.Value.ConnectionString is not { } connectionString)
        {
            state.MarkMigrated();
            return;
        }

        // A reachable database with a broken migration still fails the start: that is a bug, not an outage.
        if (!await TryMigrateAsync(connectionString, cancellationToken))
        {
            _retries = RetryAsync(connectionString, _stopping.Token);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _retries.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose() => _stopping.Dispose();

    /// <returns>False when the database could not be reached.</returns>
    private async Task<bool> TryMigrateAsync(string connectionString, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> applied;
        try
        {
            // DbUp is synchronous; off the startup thread so a slow connect does not hold a thread-pool thread hostage in StartAsync's caller.
            applied = await Task.Run(() => DatabaseMigrator.Migrate(connectionString), cancellationToken);
        }
        catch (Exception e) when (availability.ReportFailure(e))
        {
            return false;
        }

        state.MarkMigrated();
        availability.ReportReachable();
        LogApplied(logger, applied.Count);
        return true;
    }

    private async Task RetryAsync(string connectionString, CancellationToken stoppingToken)
    {
        LogWaiting(logger);
        var delay = FirstRetry;
        try
        {
            while (true)
            {
                await Task.Delay(delay, timeProvider, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetry.Ticks));
                try
                {
                    if (await TryMigrateAsync(connectionString, stoppingToken))
                    {
                        return;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Reachable but failing (a bad script): nothing here can fix it, so stay not-ready and say so at each try.
                    LogFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Migrations applied: {Count}")]
    private static partial void LogApplied(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not reach PostgreSQL to migrate; starting without it and retrying in the background (not ready until migrated)")]
    private static partial void LogWaiting(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Migrations failed; retrying")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
