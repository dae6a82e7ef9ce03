using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Mureka.Batching.Hosts;
using Mureka.Gateway.Dispatch;
using Mureka.Gateway.Tests.Support;
using Mureka.Inference.Host;

namespace Mureka.Gateway.Tests.Dispatch;

/// <summary>
/// A host that accepts only callers with its secret: a gateway configured with it renders there; a gateway
/// without it never counts the host as usable, so it answers 503 instead of sending work that would be refused.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class HostSecretTests(StackFixture stack) : GatewayTestBase(stack)
{
    private const string Secret = "gateway-to-host-secret-0123456789";
    private WebApplication? _host;

    protected override IEnumerable<string> Hosts => _host is null ? [] : [HostApp.GetListeningAddress(_host).ToString()];

    protected override void Configure(Dictionary<string, string?> settings) => settings["Gateway:HostSecret"] = Secret;

    public override async Task InitializeAsync()
    {
        _host = HostApp.Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default", "Warning"], o =>
        {
            o.OrtThreads = 1;
            o.CallerSecrets.Add(Secret);
        });
        await _host.StartAsync();
        await StackFixture.WaitForServingAsync(HostApp.GetListeningAddress(_host), TimeSpan.FromSeconds(60));
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    [Fact]
    public async Task Gateway_WithTheHostSecret_Renders()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);

        var id = (await PostGenerationAsync(http, new { genre = "corporate-pop", duration_ms = 1000 })).GetProperty("id").GetString()!;
        var done = await WaitForStatusAsync(http, id, "succeeded", RenderTimeout);

        Assert.Equal("succeeded", done.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Gateway_WithoutTheHostSecret_HostNeverUsable503()
    {
        await using var unauthorised = await GatewayInstance.StartAsync(ConnectionString, AudioRoot, Hosts, settings => { });
        var (_, key, _) = await unauthorised.CreateTenantAsync();
        using var http = unauthorised.Http(key);

        using var response = await http.PostAsJsonAsync("/v1/generations", new { genre = "corporate-pop", duration_ms = 1000 });
        var host = unauthorised.Services.GetRequiredService<HostPool<HostClient>>().Snapshot().Single();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.False(host.Serving);
    }
}
