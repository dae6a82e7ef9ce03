using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Mureka.Contracts.Api.V1;
using Mureka.Gateway.Tests.Support;

namespace Mureka.Gateway.Tests.Limits;

/// <summary>Requests per minute per API key on one gateway (in-process buckets): 429 with Retry-After, and the RateLimit headers.</summary>
[Collection(StackCollection.Name)]
public sealed class RateLimitTests(StackFixture stack) : GatewayTestBase(stack)
{
    protected override void Configure(Dictionary<string, string?> settings) => settings["Gateway:DispatchEnabled"] = "false";

    [Fact]
    public async Task ListGenerations_PastRequestsPerMinute_429WithRetryAfterAndProblem()
    {
        var (_, key) = await PlanFixtures.CreateTenantAsync(Gateway, requestsPerMinute: 5);
        using var http = Gateway.Http(key);
        var remaining = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            using var ok = await http.GetAsync("/v1/generations");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            remaining.Add(int.Parse(ok.Headers.GetValues("x-ratelimit-remaining-requests").Single(), System.Globalization.CultureInfo.InvariantCulture));
        }

        using var refused = await http.GetAsync("/v1/generations");

        Assert.Equal([4, 3, 2, 1, 0], remaining);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(refused.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(12));
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("/docs/problems/rate-limited", problem.GetProperty("type").GetString());
        Assert.Equal("requests", problem.GetProperty("limit").GetString());
        Assert.Equal("0", refused.Headers.GetValues("x-ratelimit-remaining-requests").Single());
    }

    [Fact]
    public async Task AuthenticatedResponses_CarryRateLimitHeaders_RenderedSecondsDecreaseAfterAdmission()
    {
        var (_, key) = await PlanFixtures.CreateTenantAsync(Gateway, quotaMs: 3_600_000, requestsPerMinute: 100);
        using var http = Gateway.Http(key);

        using var before = await http.GetAsync("/v1/generations");
        await PostGenerationAsync(http, new { genre = "corporate-pop", duration_ms = 10_000 });
        using var after = await http.GetAsync("/v1/generations");

        Assert.Matches("^\"requests\";q=100;w=60, \"rendered-seconds\";q=3600;w=\\d+$", Header(before, "RateLimit-Policy"));
        Assert.Matches("^\"requests\";r=99;t=1, \"rendered-seconds\";r=3600;t=\\d+$", Header(before, "RateLimit"));
        Assert.Equal("100", Header(before, "x-ratelimit-limit-requests"));
        Assert.Equal("3600", Header(before, "x-ratelimit-limit-rendered-seconds"));
        Assert.Equal("3600", Header(before, "x-ratelimit-remaining-rendered-seconds"));
        Assert.True(long.Parse(Header(before, "x-ratelimit-reset-rendered-seconds"), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal("3590", Header(after, "x-ratelimit-remaining-rendered-seconds"));
        Assert.Equal("97", Header(after, "x-ratelimit-remaining-requests"));
    }

    [Fact]
    public async Task GrpcCalls_PastRequestsPerMinute_ResourceExhaustedAndHeadersInMetadata()
    {
        var (_, key) = await PlanFixtures.CreateTenantAsync(Gateway, requestsPerMinute: 2);

        using var first = Gateway.Grpc.ListGenerationsAsync(new ListGenerationsRequest(), GatewayInstance.Auth(key));
        var headers = await first.ResponseHeadersAsync;
        await first.ResponseAsync;
        await Gateway.Grpc.ListGenerationsAsync(new ListGenerationsRequest(), GatewayInstance.Auth(key)).ResponseAsync;
        var e = await Assert.ThrowsAsync<RpcException>(() => Gateway.Grpc.ListGenerationsAsync(new ListGenerationsRequest(), GatewayInstance.Auth(key)).ResponseAsync);

        Assert.Equal("1", headers.GetValue("x-ratelimit-remaining-requests"));
        Assert.NotNull(headers.GetValue("ratelimit-policy"));
        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
        var details = RichDetails.Parse(e.Trailers.GetValueBytes("grpc-status-details-bin")!);
        Assert.Equal(["requests"], details.QuotaSubjects);
        Assert.Equal("RATE_LIMITED", details.Reason);
        Assert.True(details.RetryDelaySeconds >= 1);
    }

    private static string Header(HttpResponseMessage response, string name) => response.Headers.GetValues(name).Single();
}
