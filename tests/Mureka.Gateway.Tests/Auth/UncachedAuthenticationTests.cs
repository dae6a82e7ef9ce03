using System.Net;
using Mureka.Gateway.Tests.Support;

namespace Mureka.Gateway.Tests.Auth;

/// <summary>With the authentication cache off, a revoke takes effect on the very next request, with no wait at all.</summary>
[Collection(StackCollection.Name)]
public sealed class UncachedAuthenticationTests(StackFixture stack) : GatewayTestBase(stack)
{
    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Gateway:AuthCacheTtl"] = "00:00:00";
        settings["Gateway:DispatchEnabled"] = "false";
    }

    [Fact]
    public async Task Rest_RevokedKey_RefusedOnNextRequest()
    {
        var (_, key, keyId) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/v1/generations")).StatusCode);

        Assert.True(await Gateway.Accounts.RevokeKeyAsync(keyId));

        using var next = await http.GetAsync("/v1/generations");
        Assert.Equal(HttpStatusCode.Unauthorized, next.StatusCode);
        Assert.Contains("invalid_token", next.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }
}
