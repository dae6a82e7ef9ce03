using Dapper;
using Mureka.Batching.Hosts;
using Mureka.Gateway.Dispatch;
using Mureka.Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Mureka.Gateway.Tests.Dispatch.Discovery;

/// <summary>No static hosts: the real system resolver turns <c>localhost</c> into the host that renders the job.</summary>
[Collection(StackCollection.Name)]
public sealed class DnsDiscoveredHostTests(StackFixture stack) : GatewayTestBase(stack)
{
    protected override IEnumerable<string> Hosts => [];

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Gateway:HostDiscovery:DnsName"] = "localhost";
        settings["Gateway:HostDiscovery:Port"] = Stack.HostAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Gateway:HostDiscovery:RefreshInterval"] = "00:00:00.500";
    }

    [Fact]
    public async Task Generation_HostFoundThroughDns_Succeeds()
    {
        var expectedHost = $"http://127.0.0.1:{Stack.HostAddress.Port}";
        Assert.NotNull(Gateway.Services.GetRequiredService<HostPool<HostClient>>().Find(expectedHost));
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);

        var id = (await PostGenerationAsync(http, new { genre = "corporate-pop", duration_ms = 2000, seed = 7 })).GetProperty("id").GetString()!;
        var done = await WaitForStatusAsync(http, id, "succeeded", RenderTimeout);

        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        Assert.Equal(expectedHost, await connection.ExecuteScalarAsync<string>("select host from generations where id = @id", new { id = Guid.Parse(id) }));
    }
}
