using Mureka.Gateway.Tests.Support;
using Mureka.Webhooks;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Webhooks;

/// <summary>A generation rendered by the real inference host reaches a real receiver as a signed <c>generation.succeeded</c> event.</summary>
[Collection(StackCollection.Name)]
public sealed class WebhookSucceededDeliveryTests(StackFixture stack) : WebhookReceiverTestBase(stack)
{
    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Gateway:Webhooks:AllowInsecureLoopback"] = "true";
        settings["Gateway:Webhooks:PollInterval"] = "00:00:00.100";
    }

    [Fact]
    public async Task GenerationSucceeds_SubscribedEndpoint_ReceivesSignedEventWithGeneration()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        var (endpointId, secret) = await WebhookTestSupport.RegisterAsync(http, Receiver.Url, WebhookEventTypes.GenerationSucceeded, WebhookEventTypes.GenerationFailed);

        var id = (await PostGenerationAsync(http, new { genre = "chiptune", duration_ms = 2000, seed = 3, format = "wav" })).GetProperty("id").GetString()!;
        await WaitForStatusAsync(http, id, "succeeded", RenderTimeout);
        var received = Assert.Single(await WebhookTestSupport.WaitForEventsAsync(Receiver, _ => true, 1, TimeSpan.FromSeconds(15), "the succeeded event"));

        var body = await WebhookTestSupport.AssertValidEventAsync(http, received, secret, WebhookEventTypes.GenerationSucceeded, id);
        var generation = body.GetProperty("data").GetProperty("generation");
        Assert.Equal("succeeded", generation.GetProperty("status").GetString());
        Assert.Contains(generation.GetProperty("audio").EnumerateArray(), a => a.GetProperty("name").GetString() == "mix");
        var log = await Poll.UntilAsync(() => WebhookTestSupport.DeliveryLogAsync(http, endpointId), l => l.Count == 1, TimeSpan.FromSeconds(10), "the logged attempt");
        Assert.Equal("delivered", log[0].GetProperty("outcome").GetString());
        Assert.Equal(200, log[0].GetProperty("status_code").GetInt32());
        Assert.Equal(received.EventId, log[0].GetProperty("event_id").GetString());
        Assert.True(log[0].TryGetProperty("delivered_at", out _));
    }
}
