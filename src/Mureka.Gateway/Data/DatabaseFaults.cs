using System.Net.Sockets;
using Npgsql;

namespace Mureka.Gateway.Data;

/// <summary>Tells a database that cannot be reached right now (worth waiting for) from an error in what was asked of it.</summary>
public static class DatabaseFaults
{
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        // Connection failures, admin shutdown (57P01-57P03), too many connections (53300), serialization retries.
        PostgresException postgres => postgres.IsTransient || postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal),
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is SocketException or IOException or TimeoutException,
        TimeoutException => true,
        _ => false,
    };
}
