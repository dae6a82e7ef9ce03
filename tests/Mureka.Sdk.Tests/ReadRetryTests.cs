using Mureka.Sdk.Tests.Support;

namespace Mureka.Sdk.Tests;

/// <summary>Reads are sent again after 429/5xx answers; writes never are (a create has its own idempotent retry).</summary>
public sealed class ReadRetryTests
{
    private const string Models = """{"data":[{"id":"mureka-compose-1","genres":["jazz"]}]}""";

    [Fact]
    public async Task Get_503Then502Then200_ReturnsTheAnswer()
    {
        await using var server = await ScriptedServer.StartAsync(
            ScriptedServer.Problem(503, "Service Unavailable", retryAfterSeconds: 0), ScriptedServer.Problem(502, "Bad Gateway"), ScriptedServer.Json(200, Models));
        using var client = MurekaClient.Create(server.Url, "mk_live_test", new MurekaClientOptions { InitialReadRetryDelay = TimeSpan.FromMilliseconds(5) });

        var models = await client.Api.ListModelsAsync();

        Assert.Equal("mureka-compose-1", Assert.Single(models.Data).Id);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Get_AlwaysRefused_GivesUpAfterMaxReadRetries()
    {
        await using var server = await ScriptedServer.StartAsync(ScriptedServer.Problem(503, "Service Unavailable", retryAfterSeconds: 0));
        using var client = MurekaClient.Create(server.Url, "mk_live_test", new MurekaClientOptions { MaxReadRetries = 2 });

        var refused = await Assert.ThrowsAsync<MurekaApiException<Problem>>(() => client.Api.ListModelsAsync());

        Assert.Equal(503, refused.StatusCode);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Get_RetryAfterBeyondTenSeconds_IsTheCallersToWaitFor()
    {
        await using var server = await ScriptedServer.StartAsync(ScriptedServer.Problem(429, "Too Many Requests", retryAfterSeconds: 3600));
        using var client = MurekaClient.Create(server.Url, "mk_live_test");

        var refused = await Assert.ThrowsAsync<MurekaApiException<Problem>>(() => client.Api.ListModelsAsync());

        Assert.Equal(429, refused.StatusCode);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Delete_Refused_IsSentOnce()
    {
        await using var server = await ScriptedServer.StartAsync(ScriptedServer.Problem(503, "Service Unavailable", retryAfterSeconds: 0));
        using var client = MurekaClient.Create(server.Url, "mk_live_test");

        await Assert.ThrowsAsync<MurekaApiException<Problem>>(() => client.Api.RevokeApiKeyAsync(Guid.NewGuid()));

        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Get_ConnectionRefused_RetriedThenThrows()
    {
        // A port bound but never listened on: held by this test, so no one else takes it, and every connect is refused.
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        socket.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        var port = ((System.Net.IPEndPoint)socket.LocalEndPoint!).Port;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var client = MurekaClient.Create(new Uri($"http://127.0.0.1:{port}"), "mk_live_test", new MurekaClientOptions { MaxReadRetries = 2, InitialReadRetryDelay = TimeSpan.FromMilliseconds(200) });

        await Assert.ThrowsAsync<HttpRequestException>(() => client.Api.ListModelsAsync());

        // Two backoffs of at least half of 200 ms and 400 ms: proof that it waited and tried again.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(300), $"gave up after {clock.Elapsed}");
    }
}
