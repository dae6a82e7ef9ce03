using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Mureka.Inference.Host;

namespace Mureka.Gateway.Tests.Support;

/// <summary>An inference host a test owns, so it can stop it (a host dying) and start it again on the same port.</summary>
public sealed class InferenceHostInstance : IAsyncDisposable
{
    private WebApplication? _app;

    private InferenceHostInstance(int port, string hostId)
    {
        Port = port;
        HostId = hostId;
    }

    public int Port { get; }

    public string HostId { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public bool IsRunning => _app is not null;

    /// <summary>Reserves a port without starting the host: a host that is down from the gateway's first look.</summary>
    public static InferenceHostInstance Reserve(string hostId)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new InferenceHostInstance(((IPEndPoint)listener.LocalEndpoint).Port, hostId);
    }

    public static async Task<InferenceHostInstance> StartNewAsync(string hostId)
    {
        var host = Reserve(hostId);
        await host.StartAsync();
        return host;
    }

    public async Task StartAsync()
    {
        var app = HostApp.Build(["--urls", Url, "--Logging:LogLevel:Default", "Warning"], o =>
        {
            o.HostId = HostId;
            o.MaxBatchSize = 4;
            o.OrtThreads = 1;
        });
        await app.StartAsync();
        _app = app;
        await StackFixture.WaitForServingAsync(new Uri(Url), TimeSpan.FromSeconds(60));
    }

    /// <summary>Stops the host at once: calls in flight break, as when its process dies.</summary>
    public async Task StopAsync()
    {
        if (_app is not { } app)
        {
            return;
        }

        _app = null;
        using var immediately = new CancellationTokenSource();
        await immediately.CancelAsync();
        try
        {
            await app.StopAsync(immediately.Token);
        }
        catch (OperationCanceledException)
        {
        }

        await app.DisposeAsync();
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}
