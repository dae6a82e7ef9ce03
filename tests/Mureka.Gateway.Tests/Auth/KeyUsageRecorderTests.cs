using Dapper;
using Mureka.Gateway.Tests.Support;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Auth;

/// <summary>api_keys.last_used_at follows use, written in the background.</summary>
[Collection(StackCollection.Name)]
public sealed class KeyUsageRecorderTests(StackFixture stack) : GatewayTestBase(stack)
{
    [Fact]
    public async Task Touch_AuthenticatedRequest_LastUsedAtWritten()
    {
        var (_, key, keyId) = await Gateway.CreateTenantAsync();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        using var http = Gateway.Http(key);

        using var response = await http.GetAsync("/v1/generations");

        var lastUsed = await Poll.UntilAsync(
            async () =>
            {
                await using var connection = await Gateway.DataSource.OpenConnectionAsync();
                return await connection.ExecuteScalarAsync<DateTime?>("select last_used_at from api_keys where id = @keyId", new { keyId });
            },
            at => at is not null,
            TimeSpan.FromSeconds(10),
            "last_used_at written");
        Assert.True(new DateTimeOffset(DateTime.SpecifyKind(lastUsed!.Value, DateTimeKind.Utc)) >= before);
    }
}
