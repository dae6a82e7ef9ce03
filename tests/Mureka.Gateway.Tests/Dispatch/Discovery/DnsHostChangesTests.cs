using System.Net;
using Mureka.Gateway.Dispatch.Discovery;
using Mureka.Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Dispatch.Discovery;

/// <summary>A running gateway follows DNS: a host that appears starts taking jobs, one that disappears stops.</summary>
[Collection(StackCollection.Name)]
public sealed class DnsHostChangesTests(StackFixture stack) : GatewayTestBase(stack)
{
    private readonly SwitchableResolver _resolver = new();

    protected override IEnumerable<string> Hosts => [];

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Gateway:HostDiscovery:DnsName"] = "mureka-hosts.test";
        settings["Gateway:HostDiscovery:Port"] = Stack.HostAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Gateway:HostDiscovery:RefreshInterval"] = "00:00:00.100";
    }

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton<IHostAddressResolver>(_resolver);

    [Fact]
    public async Task Dispatch_HostAppearsThenLeavesDns_UsedThenDropped()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        Assert.False(Gateway.Dispatcher.CheckAvailability().Accepted);

        _resolver.Answer = [IPAddress.Loopback];
        await Poll.UntilAsync(() => Task.FromResult(Gateway.Dispatcher.CheckAvailability().Accepted), ok => ok, TimeSpan.FromSeconds(10), "the discovered host serving");
        var id = (await PostGenerationAsync(http, new { genre = "corporate-pop", duration_ms = 2000, seed = 3 })).GetProperty("id").GetString()!;
        var done = await WaitForStatusAsync(http, id, "succeeded", RenderTimeout);
        Assert.Equal("succeeded", done.GetProperty("status").GetString());

        _resolver.Answer = [];
        await Poll.UntilAsync(() => Task.FromResult(Gateway.Dispatcher.CheckAvailability().Accepted), ok => !ok, TimeSpan.FromSeconds(10), "the host leaving the pool");
        using var refused = await http.PostAsync("/v1/generations", new StringContent("""{"genre":"corporate-pop","duration_ms":2000}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
    }

    private sealed class SwitchableResolver : IHostAddressResolver
    {
        private volatile IPAddress[] _answer = [];

        public IPAddress[] Answer
        {
            get => _answer;
            set => _answer = value;
        }

        public Task<IPAddress[]> ResolveAsync(string name, CancellationToken cancellationToken) => Task.FromResult(_answer);
    }
}
