using System.Net.Http.Headers;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Mureka.Accounts;
using Mureka.Contracts.Api.V1;
using Mureka.Gateway.Data;
using Npgsql;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Support;

/// <summary>A real gateway (Kestrel on two loopback ports) plus clients for it.</summary>
public sealed class GatewayInstance : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly GrpcChannel _channel;
    private bool _disposed;

    private GatewayInstance(WebApplication app, string restUrl, string grpcUrl)
    {
        _app = app;
        RestUrl = restUrl;
        GrpcUrl = grpcUrl;
        _channel = GrpcChannel.ForAddress(grpcUrl);
        Grpc = new Contracts.Api.V1.Generations.GenerationsClient(_channel);
        AdaptiveSetsGrpc = new Contracts.Api.V1.AdaptiveSets.AdaptiveSetsClient(_channel);
    }

    public string RestUrl { get; }

    public string GrpcUrl { get; }

    public IServiceProvider Services => _app.Services;

    public Contracts.Api.V1.Generations.GenerationsClient Grpc { get; }

    public Contracts.Api.V1.AdaptiveSets.AdaptiveSetsClient AdaptiveSetsGrpc { get; }

    public static async Task<GatewayInstance> StartAsync(string connectionString, string audioRoot, IEnumerable<string> hosts, Action<Dictionary<string, string?>>? settings = null, Action<IServiceCollection>? services = null)
    {
        // A free port is found by binding and releasing it, so another test process can take it before Kestrel
        // binds: then the start is tried again on new ports.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryStartAsync(connectionString, audioRoot, hosts, settings, services);
            }
            catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException && attempt < 5)
            {
            }
        }
    }

    private static async Task<GatewayInstance> TryStartAsync(string connectionString, string audioRoot, IEnumerable<string> hosts, Action<Dictionary<string, string?>>? settings, Action<IServiceCollection>? services)
    {
        var restUrl = $"http://127.0.0.1:{FreeTcpPort.OnLoopback()}";
        var grpcUrl = $"http://127.0.0.1:{FreeTcpPort.OnLoopback()}";
        var config = new Dictionary<string, string?>
        {
            ["Gateway:RestUrl"] = restUrl,
            ["Gateway:GrpcUrl"] = grpcUrl,
            ["Gateway:ConnectionString"] = connectionString,
            ["Gateway:AudioRoot"] = audioRoot,
            ["Gateway:AudioRootMayBeTemporary"] = "true",
            ["Gateway:PollInterval"] = "00:00:00.200",
            ["Gateway:SweepInterval"] = "00:00:00.200",
            ["Gateway:MaxHostRetryDelay"] = "00:00:00.500",

            // Disposing a gateway mid-render is common here; the drain itself has its own test.
            ["Gateway:DrainTimeout"] = "00:00:02",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:Console:FormatterName"] = "simple",
            ["Logging:Console:FormatterOptions:TimestampFormat"] = "HH:mm:ss.fff ",
        };
        var i = 0;
        foreach (var host in hosts)
        {
            config[$"Gateway:Hosts:{i++}"] = host;
        }

        settings?.Invoke(config);
        var app = GatewayApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(config);
            services?.Invoke(builder.Services);
        });
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new GatewayInstance(app, restUrl, grpcUrl);
    }

    public HttpClient Http(string? key)
    {
        var client = new HttpClient { BaseAddress = new Uri(RestUrl) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    public static Metadata Auth(string key) => new() { { "authorization", "Bearer " + key } };

    public NpgsqlDataSource DataSource => Services.GetRequiredService<NpgsqlDataSource>();

    public AccountsService Accounts => Services.GetRequiredService<AccountsService>();

    public GenerationRepository Repository => Services.GetRequiredService<GenerationRepository>();

    public Mureka.Gateway.Dispatch.IGenerationDispatcher Dispatcher => Services.GetRequiredService<Mureka.Gateway.Dispatch.IGenerationDispatcher>();

    /// <summary>A new tenant with one live key.</summary>
    public async Task<(Guid TenantId, string Key, Guid KeyId)> CreateTenantAsync(string plan = "pro")
    {
        var tenant = await Accounts.CreateTenantAsync("tenant " + Guid.NewGuid().ToString("N")[..6], plan);
        var key = await Accounts.CreateKeyAsync(tenant.Id, "tests", test: false);
        return (tenant.Id, key.Key, key.Info.Id);
    }

    /// <summary>An <c>mk_test_</c> key for an existing tenant: its generations render but are never billed.</summary>
    public async Task<string> CreateTestKeyAsync(Guid tenantId) => (await Accounts.CreateKeyAsync(tenantId, "sandbox", test: true)).Key;

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
