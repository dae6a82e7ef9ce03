using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;
using Mureka.Contracts.Api.V1;
using Mureka.Gateway.Auth;
using Mureka.Gateway.Readiness;
using Mureka.Gateway.Tests.Support;
using Mureka.Testing;
using Mureka.Testing.Stripe;

namespace Mureka.Gateway.Tests.Outage;

/// <summary>PostgreSQL stopped under a running gateway: 503 / UNAVAILABLE with a retry delay, never 500; started again: served at once.</summary>
public sealed class DatabaseOutageTests : OwnDatabaseStack
{
    private static readonly TimeSpan Seconds10 = TimeSpan.FromSeconds(10);
    private static readonly object Spec = new { genre = "chiptune", duration_ms = 2000, seed = 5, format = "wav" };

    private GatewayInstance _gateway = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _gateway = await StartGatewayAsync(s => s["Billing:Stripe:WebhookSecret"] = StripeEvents.Secret);
    }

    [Fact]
    public async Task DatabaseStopped_RestAndGrpc_AnswerUnavailableWithRetryAfterNever500()
    {
        var (_, key, _) = await _gateway.CreateTenantAsync();
        using var http = _gateway.Http(key);
        using var anonymous = _gateway.Http(null);
        string id;
        using (var created = await http.PostAsJsonAsync("/v1/generations", Spec))
        {
            Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
            id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        }

        await Postgres.StopAsync();

        // Twice each: the first meets the connections the server closed, the second a refused connect.
        for (var round = 0; round < 2; round++)
        {
            await AssertUnavailableAsync(await http.GetAsync($"/v1/generations/{id}"), "GET a generation");
            await AssertUnavailableAsync(await http.GetAsync("/v1/generations"), "GET the list");
            await AssertUnavailableAsync(await http.PostAsJsonAsync("/v1/generations", Spec), "POST a generation");
            await AssertUnavailableAsync(await PostStripeEventAsync(anonymous), "POST a Stripe event (anonymous)");

            var auth = GatewayInstance.Auth(key);
            var get = await Assert.ThrowsAsync<RpcException>(() => _gateway.Grpc.GetGenerationAsync(new GetGenerationRequest { Id = id }, auth).ResponseAsync);
            var create = await Assert.ThrowsAsync<RpcException>(() => _gateway.Grpc.CreateGenerationAsync(new CreateGenerationRequest { Spec = new GenerationSpec { Genre = "chiptune", DurationMs = 2000, Seed = 5, Format = "wav" } }, auth).ResponseAsync);
            Assert.Equal(StatusCode.Unavailable, get.StatusCode);
            Assert.Equal(StatusCode.Unavailable, create.StatusCode);
            Assert.Equal("5", get.Trailers.GetValue("retry-after"));
        }

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, await HealthAsync(_gateway, ""));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await HealthAsync(_gateway, HealthExtensions.LivenessService));
    }

    [Fact]
    public async Task DatabaseRestarted_NextRequestsSucceed_RevokedKeyRefusedWithinSeconds()
    {
        var (_, key, keyId) = await _gateway.CreateTenantAsync();
        var (_, otherKey, _) = await _gateway.CreateTenantAsync();
        using var http = _gateway.Http(key);
        using var other = _gateway.Http(otherKey);
        // Several pooled connections that the restart leaves dead.
        Assert.All(await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => StatusOfAsync(http.GetAsync("/v1/generations")))), s => Assert.Equal(HttpStatusCode.OK, s));

        await Postgres.StopAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await StatusOfAsync(http.GetAsync("/v1/generations")));
        await Postgres.StartAgainAsync();

        // At once, no polling: not one error per stale connection.
        var statuses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => StatusOfAsync(http.GetAsync("/v1/generations"))));
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.Accepted, await StatusOfAsync(http.PostAsJsonAsync("/v1/generations", Spec)));
        var created = await _gateway.Grpc.CreateGenerationAsync(new CreateGenerationRequest { Spec = new GenerationSpec { Genre = "chiptune", DurationMs = 2000, Seed = 6, Format = "wav" } }, GatewayInstance.Auth(key));
        Assert.Equal(GenerationStatus.Queued, created.Generation.Status);

        var authenticator = _gateway.Services.GetRequiredService<ApiKeyAuthenticator>();
        await Poll.UntilAsync(() => authenticator.IsListening, Seconds10, "the key-change listener listening again");
        Assert.True(await _gateway.Accounts.RevokeKeyAsync(keyId));

        await Poll.UntilAsync(() => StatusOfAsync(http.GetAsync("/v1/generations")), s => s == HttpStatusCode.Unauthorized, Seconds10, "the revoked key refused");
        Assert.Equal(HttpStatusCode.OK, await StatusOfAsync(other.GetAsync("/v1/generations")));
    }

    private static async Task AssertUnavailableAsync(HttpResponseMessage response, string what)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{what}: {(int)response.StatusCode} {body}");
            Assert.True(response.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 }, $"{what}: Retry-After is '{response.Headers.RetryAfter}'");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonSerializer.Deserialize<JsonElement>(body);
            Assert.Equal(503, problem.GetProperty("status").GetInt32());
            Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        }
    }

    private static async Task<HttpStatusCode> StatusOfAsync(Task<HttpResponseMessage> sending)
    {
        using var response = await sending;
        return response.StatusCode;
    }

    private static Task<HttpResponseMessage> PostStripeEventAsync(HttpClient anonymous)
    {
        var payload = StripeEvents.Invoice("evt_outage", "invoice.payment_failed", "cus_outage", DateTimeOffset.UtcNow);
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/billing/stripe/webhook") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.Add("Stripe-Signature", StripeEvents.Sign(payload, DateTimeOffset.UtcNow));
        return anonymous.SendAsync(request);
    }
}
