using Mureka.Accounts;
using Npgsql;

namespace Mureka.Gateway.Auth;

/// <summary>Holds one connection LISTENing on <see cref="AccountsService.KeysChangedChannel"/> and empties the authentication cache on every notification.</summary>
internal sealed partial class KeyChangeListener(
    NpgsqlDataSource dataSource,
    ApiKeyAuthenticator authenticator,
    TimeProvider timeProvider,
    ILogger<KeyChangeListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, _) => authenticator.Invalidate();
                await using (var listen = new NpgsqlCommand($"listen {AccountsService.KeysChangedChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                authenticator.SetListening(true);
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // Without the listener the cache could serve a revoked key: stop using it until we listen again.
                authenticator.SetListening(false);
                LogListenerDown(logger, e);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), timeProvider, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            finally
            {
                authenticator.SetListening(false);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "API key change listener lost its connection; authentication cache disabled until it reconnects")]
    private static partial void LogListenerDown(ILogger logger, Exception exception);
}
