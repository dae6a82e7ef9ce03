using System.Net.Sockets;
using Npgsql;

namespace Mureka.Gateway.Data;

/// <summary>
/// Decides whether an exception means "PostgreSQL cannot be reached right now" (answered 503 / UNAVAILABLE,
/// worth a retry) rather than a bug (500 / INTERNAL). Deliberately narrow: a server that answers with an
/// error about the statement itself (syntax, constraint, missing table) is reachable, so that stays a 500.
/// </summary>
public static class DatabaseFailures
{
    public static bool IsUnavailable(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        foreach (var e in Chain(exception))
        {
            switch (e)
            {
                // The server answered: only the codes that say it is going away or not accepting connections count.
                case PostgresException postgres:
                    return IsUnavailableState(postgres.SqlState);

                // Npgsql marks I/O failures, broken connections, and connect / command timeouts as transient.
                // Pool exhaustion ("timeout while getting a connection") carries a TimeoutException.
                case NpgsqlException npgsql:
                    return npgsql.IsTransient || Chain(npgsql).Skip(1).Any(i => i is SocketException or IOException or TimeoutException);

                // Thrown below Npgsql while resolving or connecting, occasionally unwrapped.
                case SocketException:
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Class 08 (connection exception), 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now
    /// (starting up or in recovery), and 53300 too many connections (the server refuses new sessions).
    /// </summary>
    public static bool IsUnavailableState(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal)
        || sqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
            or PostgresErrorCodes.TooManyConnections;

    // The exception and its causes, depth first; wrappers (DbUp's InvalidOperationException, AggregateException) are looked through.
    private static IEnumerable<Exception> Chain(Exception exception)
    {
        var pending = new Stack<Exception>();
        pending.Push(exception);
        var seen = 0;
        while (pending.Count > 0 && seen++ < 32)
        {
            var e = pending.Pop();
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.Reverse())
                {
                    pending.Push(inner);
                }
            }
            else if (e.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }
    }
}
