using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Grpc.Reflection.V1Alpha;
using Mureka.Contracts.Inference.V1;

namespace Mureka.Inference.Host.Tests.Security;

/// <summary>A host with caller secrets on loopback: only callers presenting one of them get past health.</summary>
public sealed class CallerSecretTests : IAsyncLifetime
{
    private const string Current = "current-secret-0123456789";
    private const string Previous = "previous-secret-987654321";
    private WebApplication? _app;
    private GrpcChannel? _channel;

    public async Task InitializeAsync()
    {
        _app = HostApp.Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default", "Warning"], o =>
        {
            o.WarmupOnStart = false;
            o.CallerSecrets.Add(Current);
            o.CallerSecrets.Add(Previous);
        });
        await _app.StartAsync();
        _channel = GrpcChannel.ForAddress(HostApp.GetListeningAddress(_app));
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(null, StatusCode.Unauthenticated)]
    [InlineData("Basic abc", StatusCode.Unauthenticated)]
    [InlineData("Bearer wrong-secret-0123456789", StatusCode.PermissionDenied)]
    [InlineData("Bearer " + Current + "x", StatusCode.PermissionDenied)]
    public async Task GetInfoAndGenerate_WithoutAnAcceptedSecret_Refused(string? authorization, StatusCode expected)
    {
        var client = new InferenceHost.InferenceHostClient(_channel!);
        var headers = authorization is null ? new Metadata() : new Metadata { { "authorization", authorization } };

        var info = await Assert.ThrowsAsync<RpcException>(() => client.GetInfoAsync(new GetInfoRequest(), headers).ResponseAsync);
        var cancel = await Assert.ThrowsAsync<RpcException>(() => client.CancelItemAsync(new CancelItemRequest { ItemId = "x" }, headers).ResponseAsync);
        using var generate = client.Generate(new GenerateRequest(), headers);
        var stream = await Assert.ThrowsAsync<RpcException>(() => generate.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(expected, info.StatusCode);
        Assert.Equal(expected, cancel.StatusCode);
        Assert.Equal(expected, stream.StatusCode);
    }

    [Theory]
    [InlineData(Current)]
    [InlineData(Previous)]
    public async Task GetInfo_EitherSecretDuringARotation_Answered(string secret)
    {
        var client = new InferenceHost.InferenceHostClient(_channel!);

        var info = await client.GetInfoAsync(new GetInfoRequest(), new Metadata { { "authorization", "Bearer " + secret } });

        Assert.True(info.MaxBatchSize >= 1);
    }

    [Fact]
    public async Task Health_WithoutSecret_AnsweredForProbes()
    {
        var health = new Grpc.Health.V1.Health.HealthClient(_channel!);

        var response = await health.CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, response.Status);
    }

    [Fact]
    public async Task Reflection_OutsideDevelopment_NotServed()
    {
        var reflection = new ServerReflection.ServerReflectionClient(_channel!);
        var headers = new Metadata { { "authorization", "Bearer " + Current } };

        using var call = reflection.ServerReflectionInfo(headers);

        // The host may answer UNIMPLEMENTED before the request message is sent, and then the write is what fails.
        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
            await call.ResponseStream.MoveNext(CancellationToken.None);
        });

        Assert.Equal(StatusCode.Unimplemented, refused.StatusCode);
    }

    [Fact]
    public void Build_ShortSecret_RefusedAtStart()
    {
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => HostApp.Build(["--urls", "http://127.0.0.1:0"], o => o.CallerSecrets.Add("short")));

        Assert.Contains("CallerSecrets", error.Message, StringComparison.Ordinal);
    }
}
