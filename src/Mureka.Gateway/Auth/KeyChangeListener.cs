using Mureka.Accounts;
using Mureka.Gateway.Data;
using Npgsql;

namespace Mureka.Gateway.Auth;

/// <summary>
/// Holds one connection LISTENing on <see cref="AccountsService.KeysChangedChannel"/> and empties the
/// authentication cache on every notification. While it is not listening (database down, connection lost)
/// the authenticator bypasses its cache and reads every key from the database, so a key revoked meanwhile
/// is refused on its next request; caching resumes only once LISTEN is back in place.
/// </summary>
internal sealed partial class KeyChangeListener(
    NpgsqlDataSource dataSource,
    ApiKeyAuthenticator authenticator,
    DatabaseAvailability availability,
    TimeProvider timeProvider,
    ILogger<KeyChangeListener> logger) : BackgroundService
{
    /// <summary>
    /// How long a wait for notifications lasts before the connection is proven alive with a query. A server
    /// that closes the socket (restart, shutdown) is noticed at once; a path that silently stops carrying
    /// packets only by this check, so it bounds how long the cache can outlive a dead listener.
    /// </summary>
    internal static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(5);

    private const int PingTimeoutSeconds = 5;
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retry = FirstRetry;
        var lost = false;
        try
        {
            while (true)
            {
                try
                {
                    await ListenAsync(onListening: () =>
                    {
                        retry = FirstRetry;
                        if (lost)
                        {
                            lost = false;
                            LogListening(logger);
                        }
                    }, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // Without the listener the cache could serve a revoked key: stop using it until we listen again.
                    authenticator.SetListening(false);
                    var outage = availability.ReportFailure(e);
                    if (!lost)
                    {
                        lost = true;
                        // A database outage has been logged as such already; a listener lost on its own deserves the warning.
                        if (outage)
                        {
                            LogListenerPaused(logger);
                        }
                        else
                        {
                            LogListenerDown(logger, e);
                        }
                    }
                }

                // Short and capped: every second without the listener costs a database read per request.
                await Task.Delay(retry, timeProvider, stoppingToken);
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, MaxRetry.Ticks));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            authenticator.SetListening(false);
        }
    }

    /// <summary>Returns only by throwing: when the connection fails or the gateway stops.</summary>
    private async Task ListenAsync(Action onListening, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        connection.Notification += (_, _) => authenticator.Invalidate();
        await using (var listen = new NpgsqlCommand($"listen {AccountsService.KeysChangedChannel}", connection))
        {
            await listen.ExecuteNonQueryAsync(cancellationToken);
        }

        authenticator.SetListening(true);
        availability.ReportReachable();
        onListening();
        await using var ping = new NpgsqlCommand("select 1", connection) { CommandTimeout = PingTimeoutSeconds };
        while (true)
        {
            if (!await connection.WaitAsync(CheckInterval, cancellationToken))
            {
                await ping.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "API key change listener lost its connection; authentication cache disabled until it listens again")]
    private static partial void LogListenerDown(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "API key change listener is waiting for the database; authentication cache disabled until it listens again")]
    private static partial void LogListenerPaused(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "API key change listener is listening again; authentication cache enabled")]
    private static partial void LogListening(ILogger logger);
}
