using System.Net.Sockets;
using Mureka.Gateway.Data;
using Npgsql;

namespace Mureka.Gateway.Tests.Outage;

/// <summary>Which exceptions mean "the database is unavailable" (503) and which are bugs (500).</summary>
public sealed class DatabaseFailuresTests
{
    [Theory]
    [InlineData("08006", true)] // connection failure
    [InlineData("08001", true)] // unable to establish connection
    [InlineData("57P01", true)] // admin shutdown
    [InlineData("57P02", true)] // crash shutdown
    [InlineData("57P03", true)] // cannot connect now (starting up)
    [InlineData("53300", true)] // too many connections
    [InlineData("42601", false)] // syntax error: a bug
    [InlineData("42P01", false)] // undefined table: a missing migration, not an outage
    [InlineData("23505", false)] // unique violation
    [InlineData("57014", false)] // query canceled
    public void IsUnavailable_PostgresError_BySqlState(string sqlState, bool unavailable) =>
        Assert.Equal(unavailable, DatabaseFailures.IsUnavailable(new PostgresException("message", "FATAL", "FATAL", sqlState)));

    [Fact]
    public void IsUnavailable_ConnectRefused_True() =>
        Assert.True(DatabaseFailures.IsUnavailable(new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused))));

    [Fact]
    public void IsUnavailable_PoolExhaustedOrConnectTimeout_True() =>
        Assert.True(DatabaseFailures.IsUnavailable(new NpgsqlException("The connection pool has been exhausted", new TimeoutException())));

    [Fact]
    public void IsUnavailable_WrappedByMigrator_LooksThrough() =>
        Assert.True(DatabaseFailures.IsUnavailable(new InvalidOperationException("Migration failed", new NpgsqlException("Exception while reading from stream", new EndOfStreamException()))));

    [Fact]
    public void IsUnavailable_WrappedSyntaxError_False() =>
        Assert.False(DatabaseFailures.IsUnavailable(new InvalidOperationException("Migration 001 failed", new PostgresException("syntax error", "ERROR", "ERROR", "42601"))));

    [Fact]
    public void IsUnavailable_UnrelatedExceptions_False()
    {
        Assert.False(DatabaseFailures.IsUnavailable(new InvalidOperationException("no authenticated API key on this request")));
        Assert.False(DatabaseFailures.IsUnavailable(new TimeoutException("an HTTP call timed out")));
        Assert.False(DatabaseFailures.IsUnavailable(new NpgsqlException("Can't write CLR type System.Object")));
    }
}
