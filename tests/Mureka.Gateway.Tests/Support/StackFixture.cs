using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Mureka.Inference.Host;
using Mureka.Migrations;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Support;

/// <summary>One PostgreSQL cluster and one real inference host for the whole collection; each test class gets its own database.</summary>
public sealed class StackFixture : IAsyncLifetime
{
    private WebApplication? _host;

    public PostgresServer Postgres { get; private set; } = null!;

    public Uri HostAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var postgres = PostgresServer.StartAsync();
        _host = HostApp.Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default", "Warning"], o =>
        {
            o.HostId = "gateway-test-host";
            o.MaxBatchSize = 4;
            o.OrtThreads = 1;
        });
        await _host.StartAsync();
        HostAddress = HostApp.GetListeningAddress(_host);
        Postgres = await postgres;
        await WaitForServingAsync(HostAddress, TimeSpan.FromSeconds(120));
    }

    /// <summary>A fresh, migrated database.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var connectionString = await Postgres.CreateDatabaseAsync("gw_" + Guid.NewGuid().ToString("N"));
        DatabaseMigrator.Migrate(connectionString);
        return connectionString;
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            await _host.DisposeAsync();
        }

        if (Postgres is not null)
        {
            await Postgres.DisposeAsync();
        }
    }

    internal static async Task WaitForServingAsync(Uri address, TimeSpan timeout)
    {
        using var channel = GrpcChannel.ForAddress(address);
        var health = new Health.HealthClient(channel);
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            try
            {
                var response = await health.CheckAsync(new HealthCheckRequest(), cancellationToken: deadline.Token);
                if (response.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (RpcException) when (!deadline.IsCancellationRequested)
            {
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class StackCollection : ICollectionFixture<StackFixture>
{
    public const string Name = "stack";
}
