using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Mureka.Contracts.Inference.V1;

namespace Mureka.Inference.Host.Tests.Support;

/// <summary>One real host (Kestrel on a loopback port, real model and soundfont) per test collection.</summary>
public class HostFixture : IAsyncLifetime
{
    public const int MaxBatchSize = 6;
    public const int Capacity = 8;

    /// <summary>More than most test machines' cores, so a batch here renders several items at once on any of them.</summary>
    public const int RenderWorkers = 4;

    private WebApplication? _app;
    private GrpcChannel? _channel;

    public Uri Address { get; private set; } = null!;

    public InferenceHost.InferenceHostClient Client { get; private set; } = null!;

    public Grpc.Health.V1.Health.HealthClient Health { get; private set; } = null!;

    public TimeSpan StartupTime { get; private set; }

    public async Task InitializeAsync()
    {
        var started = TimeProvider.System.GetTimestamp();
        _app = HostApp.Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default", "Warning", "--Logging:LogLevel:Mureka", "Information"], options =>
        {
            options.HostId = "test-host";
            options.MaxBatchSize = MaxBatchSize;
            options.Capacity = Capacity;
            options.RenderWorkers = RenderWorkers;
            Configure(options);
        });
        await _app.StartAsync();
        Address = HostApp.GetListeningAddress(_app);
        _channel = GrpcChannel.ForAddress(Address);
        Client = new InferenceHost.InferenceHostClient(_channel);
        Health = new Grpc.Health.V1.Health.HealthClient(_channel);
        await WaitForServingAsync(TimeSpan.FromSeconds(120));
        StartupTime = TimeProvider.System.GetElapsedTime(started);
    }

    /// <summary>The last word on the host's options.</summary>
    protected virtual void Configure(HostOptions options)
    {
    }

    /// <summary>Polls grpc.health.v1 until SERVING or the deadline passes.</summary>
    public async Task WaitForServingAsync(TimeSpan timeout, string service = "")
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            try
            {
                var response = await Health.CheckAsync(new HealthCheckRequest { Service = service }, cancellationToken: deadline.Token);
                if (response.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (RpcException) when (!deadline.IsCancellationRequested)
            {
                // Not up yet: keep polling.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
        }
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class HostCollection : ICollectionFixture<HostFixture>
{
    public const string Name = "host";
}
