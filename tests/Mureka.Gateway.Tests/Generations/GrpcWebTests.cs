using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;
using Mureka.Contracts.Api.V1;
using Mureka.Gateway.Tests.Support;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Generations;

/// <summary>
/// gRPC-Web over HTTP/1.1 on the REST port, as a browser speaks it (the text mode browsers need for streaming):
/// unary and server-streaming calls, refusals with their gRPC status, and the CORS preflight a browser sends first.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class GrpcWebTests(StackFixture stack) : GatewayTestBase(stack)
{
    [Fact]
    public async Task GrpcWebText_OverHttp11_CreatesAndStreamsAGenerationToTheEnd()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var channel = WebChannel();
        var client = new Contracts.Api.V1.Generations.GenerationsClient(channel);

        var created = await client.CreateGenerationAsync(new CreateGenerationRequest { Spec = new GenerationSpec { Genre = "chiptune", DurationMs = 2000, Seed = 4 } }, GatewayInstance.Auth(key));
        var messages = new List<StreamGenerationResponse>();
        using (var stream = client.StreamGeneration(new StreamGenerationRequest { Id = created.Generation.Id }, GatewayInstance.Auth(key)))
        {
            await foreach (var message in stream.ResponseStream.ReadAllAsync())
            {
                messages.Add(message);
            }
        }

        var listed = await client.ListGenerationsAsync(new ListGenerationsRequest(), GatewayInstance.Auth(key));

        Assert.Equal(GenerationStatus.Queued, created.Generation.Status);
        Assert.Equal(GenerationStatus.Succeeded, messages.Last().Completed.Status);
        Assert.Contains(messages, m => m.EventCase == StreamGenerationResponse.EventOneofCase.Audio);
        Assert.Equal(created.Generation.Id, Assert.Single(listed.Generations).Id);
    }

    [Fact]
    public async Task GrpcWeb_Refusals_ArriveAsTheirGrpcStatus()
    {
        var (tenantId, key, _) = await Gateway.CreateTenantAsync();
        var reader = (await Gateway.Accounts.CreateKeyAsync(tenantId, "reader", test: false, Mureka.Accounts.ApiKeyScopes.Read, maxActiveKeys: null))!.Key;
        using var channel = WebChannel();
        var client = new Contracts.Api.V1.Generations.GenerationsClient(channel);

        var noKey = await Assert.ThrowsAsync<RpcException>(async () => await client.ListGenerationsAsync(new ListGenerationsRequest()));
        var badField = await Assert.ThrowsAsync<RpcException>(async () => await client.ListGenerationsAsync(new ListGenerationsRequest { PageSize = 1000 }, GatewayInstance.Auth(key)));
        var missingScope = await Assert.ThrowsAsync<RpcException>(async () => await client.CreateGenerationAsync(
            new CreateGenerationRequest { Spec = new GenerationSpec { Genre = "chiptune" } }, GatewayInstance.Auth(reader)));
        var unknown = await Assert.ThrowsAsync<RpcException>(async () => await client.GetGenerationAsync(new GetGenerationRequest { Id = Guid.NewGuid().ToString() }, GatewayInstance.Auth(key)));

        Assert.Equal(StatusCode.Unauthenticated, noKey.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, badField.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, missingScope.StatusCode);
        Assert.Contains("'generate'", missingScope.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task CorsPreflight_FromAnyOrigin_AllowsTheGrpcWebHeaders()
    {
        using var http = new HttpClient { BaseAddress = new Uri(Gateway.RestUrl) };
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/mureka.api.v1.Generations/ListGenerations");
        preflight.Headers.Add("Origin", "https://app.example.com");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,x-grpc-web,x-user-agent");

        using var response = await http.SendAsync(preflight);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var allowed = string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")).ToLowerInvariant();
        Assert.Contains("authorization", allowed, StringComparison.Ordinal);
        Assert.Contains("x-grpc-web", allowed, StringComparison.Ordinal);
    }

    // Text mode over HTTP/1.1: what a browser's gRPC-Web client sends to the REST port.
    private GrpcChannel WebChannel() => GrpcChannel.ForAddress(Gateway.RestUrl, new GrpcChannelOptions
    {
        HttpHandler = new GrpcWebHandler(GrpcWebMode.GrpcWebText, new HttpClientHandler()),
        HttpVersion = HttpVersion.Version11,
        HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    });
}
