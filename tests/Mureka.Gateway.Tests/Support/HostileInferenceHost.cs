using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mureka.Contracts.Inference.V1;

namespace Mureka.Gateway.Tests.Support;

/// <summary>How <see cref="HostileInferenceHost"/> breaks the output contract.</summary>
public enum HostileOutput
{
    /// <summary>An object name that would climb out of the generation's folder into another one.</summary>
    EscapingName,

    /// <summary>Far more audio than the item's spec can produce.</summary>
    Oversized,

    /// <summary>A well-formed mix whose reported SHA-256 does not match the bytes sent.</summary>
    WrongHash,

    /// <summary>Every call refused with RESOURCE_EXHAUSTED before any output, as a host full with other replicas' batches answers.</summary>
    AlwaysFull,
}

/// <summary>
/// A real gRPC inference host on loopback (health SERVING, GetInfo, Generate) whose Generate answers every item
/// with output that breaks the contract in one chosen way — the peer a compromised or buggy host would be.
/// </summary>
public sealed class HostileInferenceHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HostileInferenceHost(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    /// <summary>Generate calls served so far.</summary>
    public int Calls => _app.Services.GetRequiredService<Service>().Calls;

    public static async Task<HostileInferenceHost> StartAsync(HostileOutput output, Guid victim)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        var health = new HealthServiceImpl();
        health.SetStatus("", HealthCheckResponse.Types.ServingStatus.Serving);
        builder.Services.AddSingleton(health);
        builder.Services.AddSingleton(new Service(output, victim));
        var app = builder.Build();
        app.MapGrpcService<HealthServiceImpl>();
        app.MapGrpcService<Service>();
        await app.StartAsync();
        return new HostileInferenceHost(app, Mureka.Inference.Host.HostApp.GetListeningAddress(app).ToString());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class Service(HostileOutput output, Guid victim) : InferenceHost.InferenceHostBase
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public override Task<GetInfoResponse> GetInfo(GetInfoRequest request, ServerCallContext context) =>
            Task.FromResult(new GetInfoResponse { HostId = "hostile", MaxBatchSize = 4, Capacity = 4, ExecutionProvider = "CPU", Ready = true });

        public override Task<CancelItemResponse> CancelItem(CancelItemRequest request, ServerCallContext context) =>
            Task.FromResult(new CancelItemResponse { Canceled = false });

        public override async Task Generate(GenerateRequest request, IServerStreamWriter<GenerateResponse> responseStream, ServerCallContext context)
        {
            Interlocked.Increment(ref _calls);
            if (output == HostileOutput.AlwaysFull)
            {
                throw new RpcException(new Status(StatusCode.ResourceExhausted, "host is at capacity"));
            }

            foreach (var item in request.Items)
            {
                var name = output == HostileOutput.EscapingName ? $"../{victim:N}/mix" : "mix";
                var chunk = new byte[256 * 1024];
                var chunks = output == HostileOutput.Oversized ? 64 : 1;
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                for (var i = 0; i < chunks; i++)
                {
                    hash.AppendData(chunk);
                    await responseStream.WriteAsync(new GenerateResponse
                    {
                        ItemId = item.ItemId,
                        Audio = new AudioChunk { Object = name, ContentType = "audio/wav", Offset = (long)i * chunk.Length, Data = ByteString.CopyFrom(chunk), Last = i == chunks - 1 },
                    });
                }

                var sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
                await responseStream.WriteAsync(new GenerateResponse
                {
                    ItemId = item.ItemId,
                    Result = new ItemResult
                    {
                        RenderedMs = item.Spec.DurationMs,
                        MetadataJson = "{}",
                        Objects =
                        {
                            new AudioObjectInfo
                            {
                                Object = name, ContentType = "audio/wav", SizeBytes = (long)chunks * chunk.Length,
                                Sha256 = output == HostileOutput.WrongHash ? new string('0', 64) : sha256,
                            },
                        },
                    },
                });
            }
        }
    }
}
