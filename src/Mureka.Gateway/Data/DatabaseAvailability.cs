namespace Mureka.Gateway.Data;

/// <summary>
/// What this replica last saw of PostgreSQL, so an outage is logged once when it starts and once when it
/// ends instead of once per failed request or loop iteration. Failures are reported by whoever meets them
/// (request handlers, background loops); recovery by whoever next reaches the database on purpose (the
/// key-change listener, readiness checks, startup migrations).
/// </summary>
public sealed partial class DatabaseAvailability(ILogger<DatabaseAvailability> logger)
{
    /// <summary>What 503 answers and UNAVAILABLE trailers tell callers to wait: about how long a restart or failover takes.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    private int _down;

    public bool IsDown => Volatile.Read(ref _down) == 1;

    /// <summary>True when <paramref name="exception"/> means the database is unreachable (see <see cref="DatabaseFailures"/>); logs the first one of an outage.</summary>
    public bool ReportFailure(Exception exception)
    {
        if (!DatabaseFailures.IsUnavailable(exception))
        {
            return false;
        }

        if (Interlocked.Exchange(ref _down, 1) == 0)
        {
            LogDown(logger, exception.Message, exception);
        }

        return true;
    }

    public void ReportReachable()
    {
        if (Interlocked.Exchange(ref _down, 0) == 1)
        {
            LogUp(logger);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL is unreachable ({Reason}); requests that need it answer 503 / UNAVAILABLE until it is back")]
    private static partial void LogDown(ILogger logger, string reason, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL is reachable again")]
    private static partial void LogUp(ILogger logger);
}
