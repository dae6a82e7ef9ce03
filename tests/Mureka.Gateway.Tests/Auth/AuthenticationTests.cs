using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Mureka.Accounts;
using Mureka.Contracts.Api.V1;
using Mureka.Gateway.Tests.Support;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Auth;

[Collection(StackCollection.Name)]
public sealed class AuthenticationTests(StackFixture stack) : GatewayTestBase(stack)
{
    // Long enough that only the LISTEN/NOTIFY eviction can explain a prompt refusal.
    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Gateway:AuthCacheTtl"] = "00:05:00";
        settings["Gateway:DispatchEnabled"] = "false";
    }

    [Fact]
    public async Task Rest_MissingKey_Returns401WithBearerChallenge()
    {
        using var http = Gateway.Http(null);

        using var response = await http.GetAsync("/v1/generations");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer realm=\"mureka\"", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("not-a-key")]
    [InlineData("mk_live_0000000000000000000000000000000000000000")]
    public async Task Rest_MalformedOrBadChecksumKey_Returns401InvalidToken(string key)
    {
        using var http = Gateway.Http(key);

        using var response = await http.GetAsync("/v1/generations");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Rest_WellFormedUnknownKey_Returns401()
    {
        using var http = Gateway.Http(ApiKeyFormat.Generate(test: false));

        using var response = await http.GetAsync("/v1/generations");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rest_RevokedKey_RefusedPromptlyDespiteCache()
    {
        var (_, key, keyId) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/v1/generations")).StatusCode); // now cached for 5 minutes

        // The same code path as `mureka admin keys revoke`, on its own connection like the CLI.
        await using (var dataSource = Npgsql.NpgsqlDataSource.Create(ConnectionString))
        {
            Assert.True(await new AccountsService(dataSource, TimeProvider.System).RevokeKeyAsync(keyId));
        }

        // The cache entry would live 5 minutes; being refused well inside the poll deadline proves the NOTIFY evicted it.
        var status = await Poll.UntilAsync(async () => (await http.GetAsync("/v1/generations")).StatusCode, s => s == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(10), "revoked key refused");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task Rest_SuspendedTenant_Refused()
    {
        var (tenant, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/v1/generations")).StatusCode);

        await Gateway.Accounts.SetSuspendedAsync(tenant, suspended: true);

        var status = await Poll.UntilAsync(async () => (await http.GetAsync("/v1/generations")).StatusCode, s => s == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(10), "suspended tenant refused");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("mk_test_garbage")]
    public async Task Grpc_MissingOrMalformedKey_Unauthenticated(string? key)
    {
        var headers = key is null ? new Metadata() : GatewayInstance.Auth(key);

        var e = await Assert.ThrowsAsync<RpcException>(() => Gateway.Grpc.ListGenerationsAsync(new ListGenerationsRequest(), headers).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
    }

    [Fact]
    public async Task Grpc_RevokedKey_Unauthenticated()
    {
        var (_, key, keyId) = await Gateway.CreateTenantAsync();
        await Gateway.Grpc.ListGenerationsAsync(new ListGenerationsRequest(), GatewayInstance.Auth(key));

        await Gateway.Accounts.RevokeKeyAsync(keyId);

        var code = await Poll.UntilAsync(
            async () =>
            {
                try
                {
                    await Gateway.Grpc.ListGenerationsAsync(new ListGenerationsRequest(), GatewayInstance.Auth(key));
                    return StatusCode.OK;
                }
                catch (RpcException e)
                {
                    return e.StatusCode;
                }
            },
            c => c != StatusCode.OK, TimeSpan.FromSeconds(10), "revoked key refused over gRPC");
        Assert.Equal(StatusCode.Unauthenticated, code);
    }
}
