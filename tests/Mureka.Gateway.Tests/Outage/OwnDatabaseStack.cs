using Grpc.Health.V1;
using Grpc.Net.Client;
using Mureka.Gateway.Readiness;
using Mureka.Gateway.Tests.Support;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Outage;

/// <summary>
/// A PostgreSQL cluster of its own per test (the tests stop and start it), an empty database the gateway
/// migrates on start, and no inference host: dispatch is off, so jobs are accepted and stay queued.
/// </summary>
public abstract class OwnDatabaseStack : IAsyncLifetime
{
    protected PostgresServer Postgres { get; private set; } = null!;

    protected string ConnectionString { get; private set; } = "";

    private string _audioRoot = "";
    private readonly List<GatewayInstance> _gateways = [];

    public virtual async Task InitializeAsync()
    {
        Postgres = await PostgresServer.StartAsync();
        ConnectionString = await Postgres.CreateDatabaseAsync("outage");
        _audioRoot = Directory.CreateTempSubdirectory("mureka-outage-audio-").FullName;
    }

    public async Task DisposeAsync()
    {
        foreach (var gateway in _gateways)
        {
            await gateway.DisposeAsync();
        }

        await Postgres.DisposeAsync();
        Directory.Delete(_audioRoot, recursive: true);
    }

    protected async Task<GatewayInstance> StartGatewayAsync(Action<Dictionary<string, string?>>? settings = null)
    {
        var gateway = await GatewayInstance.StartAsync(ConnectionString, _audioRoot, [], s =>
        {
            s["Gateway:MigrateOnStart"] = "true";
            s["Gateway:DispatchEnabled"] = "false";
            settings?.Invoke(s);
        });
        _gateways.Add(gateway);
        return gateway;
    }

    /// <summary>grpc.health.v1 Check for the readiness service ("") or <see cref="HealthExtensions.LivenessService"/>.</summary>
    protected static async Task<HealthCheckResponse.Types.ServingStatus> HealthAsync(GatewayInstance gateway, string service)
    {
        using var channel = GrpcChannel.ForAddress(gateway.GrpcUrl);
        return (await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest { Service = service })).Status;
    }
}
