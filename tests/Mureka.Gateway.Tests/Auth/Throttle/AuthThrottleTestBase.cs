using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mureka.Accounts;
using Mureka.Gateway.Auth;
using Mureka.Gateway.Tests.Support;
using Mureka.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mureka.Gateway.Tests.Auth.Throttle;

/// <summary>A gateway whose address budget is small enough to spend in a test and refills too slowly to matter in one.</summary>
public abstract class AuthThrottleTestBase(StackFixture stack) : GatewayTestBase(stack)
{
    /// <summary>5 a minute: one token back every 12 s, far longer than any of these tests takes to spend them.</summary>
    protected const int Budget = 5;

    protected ApiKeyAuthenticator Authenticator => Gateway.Services.GetRequiredService<ApiKeyAuthenticator>();

    /// <summary>Lookups of keys not seen valid that one address may have running at once (the default).</summary>
    protected int MaxConcurrentLookups => Gateway.Services.GetRequiredService<IOptions<AuthThrottleOptions>>().Value.MaxConcurrentLookups;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // The caches only count while the key-change listener listens; without them every refusal is a lookup anyway.
        await Poll.UntilAsync(() => Task.FromResult(Authenticator.IsListening), l => l, TimeSpan.FromSeconds(10), "the key-change listener listening");
    }

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Gateway:DispatchEnabled"] = "false";
        settings["Gateway:AuthThrottle:RefusalsPerMinute"] = Budget.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    protected static string UnknownKey() => ApiKeyFormat.Generate(test: false);

    protected async Task<HttpStatusCode> GetWithKeyAsync(string? key)
    {
        using var http = Gateway.Http(key);
        using var response = await http.GetAsync("/v1/generations");
        return response.StatusCode;
    }

    /// <summary>Asserts the throttle's answer: 429, Retry-After, and the rate-limited problem naming its limit.</summary>
    protected static async Task AssertThrottledAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "Retry-After of at least a second");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("/docs/problems/rate-limited", problem.GetProperty("type").GetString());
        Assert.Equal("unauthenticated_requests", problem.GetProperty("limit").GetString());
        Assert.Equal(Budget, problem.GetProperty("limit_value").GetInt32());
        Assert.True(problem.GetProperty("retry_after_seconds").GetInt32() >= 1);
    }
}
