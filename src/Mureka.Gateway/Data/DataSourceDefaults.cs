using System.Data.Common;
using Npgsql;

namespace Mureka.Gateway.Data;

/// <summary>
/// Connection settings that let the pool survive a database restart or a dropped network path. Each one
/// applies only where the connection string does not set it, so operators keep the last word.
/// </summary>
internal static class DataSourceDefaults
{
    /// <summary>
    /// An idle pooled connection sends a keepalive query after this many quiet seconds. A connection the
    /// server closed (restart, failover) fails it and is discarded in the pool, and Npgsql then clears
    /// the whole pool, so requests after the database is back get fresh connections instead of one error
    /// per stale one.
    /// </summary>
    public const int KeepaliveSeconds = 5;

    /// <summary>Kernel keepalives catch a peer that vanished without closing (a cut network path) on busy connections too.</summary>
    public const int TcpKeepaliveTimeSeconds = 10;

    public const int TcpKeepaliveIntervalSeconds = 2;

    public static void Apply(string connectionString, NpgsqlConnectionStringBuilder settings)
    {
        // Npgsql's builder reports every supported keyword as present; the plain builder knows what was written.
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys
            .Cast<string>()
            .Select(k => k.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant())
            .ToHashSet(StringComparer.Ordinal);
        if (!given.Contains("KEEPALIVE"))
        {
            settings.KeepAlive = KeepaliveSeconds;
        }

        if (!given.Contains("TCPKEEPALIVE"))
        {
            settings.TcpKeepAlive = true;
        }

        if (!given.Contains("TCPKEEPALIVETIME"))
        {
            settings.TcpKeepAliveTime = TcpKeepaliveTimeSeconds;
        }

        if (!given.Contains("TCPKEEPALIVEINTERVAL"))
        {
            settings.TcpKeepAliveInterval = TcpKeepaliveIntervalSeconds;
        }
    }
}
