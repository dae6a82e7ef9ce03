using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mureka.Gateway.Tests.Support;
using Mureka.Webhooks;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Webhooks;

/// <summary>Steps the webhook tests share: register an endpoint, read its delivery log, check a received event.</summary>
internal static class WebhookTestSupport
{
    public static async Task<(string Id, string Secret)> RegisterAsync(HttpClient http, string url, params string[] events)
    {
        using var created = await http.PostAsJsonAsync("/v1/webhook-endpoints", new { url, events });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetString()!, body.GetProperty("secret").GetString()!);
    }

    /// <summary>The endpoint's delivery log, oldest attempt first.</summary>
    public static async Task<List<JsonElement>> DeliveryLogAsync(HttpClient http, string endpointId)
    {
        var page = await http.GetFromJsonAsync<JsonElement>($"/v1/webhook-endpoints/{endpointId}/deliveries?limit=100");
        return page.GetProperty("data").EnumerateArray().Reverse().ToList();
    }

    public static Task<List<ReceivedWebhook>> WaitForEventsAsync(WebhookReceiver receiver, Func<ReceivedWebhook, bool> match, int count, TimeSpan timeout, string what) =>
        Poll.UntilAsync(() => Task.FromResult(receiver.Received.Where(match).ToList()), l => l.Count >= count, timeout, what);

    /// <summary>
    /// Checks one received event the way a receiver would (the documented recipe through the shipped verifier),
    /// and that its generation is exactly what GET /v1/generations/{id} answers, less the signed download links
    /// (an event may be delivered after they expired, so it carries none).
    /// </summary>
    public static async Task<JsonElement> AssertValidEventAsync(HttpClient http, ReceivedWebhook received, string secret, string type, string generationId)
    {
        Assert.True(WebhookSignature.Verify(secret, received.Signature, received.Body, TimeProvider.System.GetUtcNow(), WebhookSignature.DefaultTolerance),
            $"signature {received.Signature} should verify");
        Assert.Equal("application/json", received.ContentType?.Split(';')[0]);
        var body = JsonDocument.Parse(received.Body).RootElement;
        Assert.Equal(received.EventId, body.GetProperty("id").GetString());
        Assert.StartsWith("evt_", received.EventId, StringComparison.Ordinal);
        Assert.Equal(type, received.EventType);
        Assert.Equal(type, body.GetProperty("type").GetString());
        Assert.True(body.TryGetProperty("created_at", out _));
        var generation = body.GetProperty("data").GetProperty("generation");
        Assert.Equal(generationId, generation.GetProperty("id").GetString());
        var viaGet = JsonNode.Parse(await http.GetStringAsync($"/v1/generations/{generationId}"))!;
        foreach (var audio in viaGet["audio"]!.AsArray())
        {
            Assert.NotNull(audio!["download_url"]);
            audio.AsObject().Remove("download_url");
            audio.AsObject().Remove("download_expires_at");
        }

        Assert.True(JsonNode.DeepEquals(viaGet, JsonNode.Parse(generation.GetRawText())), $"event generation {generation} should equal GET {viaGet} without its links");
        return body;
    }
}
