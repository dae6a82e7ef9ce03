using Dapper;
using Mureka.Gateway.Tests.Support;
using Mureka.Gateway.Webhooks;
using Mureka.Webhooks;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Webhooks;

/// <summary>With production settings a delivery never connects to a loopback address, whatever the stored URL says (e.g. a name re-pointed after registration).</summary>
[Collection(StackCollection.Name)]
public sealed class WebhookDestinationGuardTests(StackFixture stack) : WebhookReceiverTestBase(stack)
{
    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Gateway:DispatchEnabled"] = "false";
        settings["Gateway:Webhooks:PollInterval"] = "00:00:00.050";
        settings["Gateway:Webhooks:RetryBaseDelay"] = "00:01:00";
    }

    [Fact]
    public async Task Deliver_DestinationResolvesToLoopback_RefusedAndLogged()
    {
        var (tenantId, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        // Registration refuses this URL, so it is written directly, as if a public name had been re-pointed to 127.0.0.1.
        var endpointId = Guid.NewGuid();
        await using (var connection = await Gateway.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                "insert into webhook_endpoints (id, tenant_id, url, events, secret, created_at, updated_at) values (@endpointId, @tenantId, @url, @events, @secret, now(), now())",
                new { endpointId, tenantId, url = Receiver.Url, events = new[] { WebhookEventTypes.GenerationFailed }, secret = WebhookSecrets.Create() });
        }

        var id = Guid.Parse((await PostGenerationAsync(http, new { genre = "corporate-pop", duration_ms = 2000 })).GetProperty("id").GetString()!);
        await Gateway.Repository.FailQueuedAsync(id, "queue timeout", TimeProvider.System.GetUtcNow(), CancellationToken.None);

        var log = await Poll.UntilAsync(() => WebhookTestSupport.DeliveryLogAsync(http, endpointId.ToString()), l => l.Count > 0, TimeSpan.FromSeconds(20), "the refused attempt");
        var attempt = Assert.Single(log);
        Assert.Equal("retrying", attempt.GetProperty("outcome").GetString());
        Assert.Contains("no address webhooks may reach", attempt.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(Receiver.Received);
    }
}
