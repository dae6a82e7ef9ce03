using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Dapper;
using Mureka.Gateway.Tests.Support;
using Mureka.Webhooks;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Webhooks;

/// <summary>
/// Failure events from each path that fails a job, retries with backoff, giving up after the maximum, and
/// exactly-once sending across two gateway replicas. Dispatch is off, so jobs stay queued until a test fails them.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class WebhookDeliveryTests(StackFixture stack) : WebhookReceiverTestBase(stack)
{
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(300);

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Gateway:DispatchEnabled"] = "false";
        settings["Gateway:Webhooks:AllowInsecureLoopback"] = "true";
        settings["Gateway:Webhooks:PollInterval"] = "00:00:00.050";
        settings["Gateway:Webhooks:RetryBaseDelay"] = "00:00:00.300";
        settings["Gateway:Webhooks:RetryJitter"] = "0.1";
        settings["Gateway:Webhooks:MaxAttempts"] = "3";
        settings["Gateway:Webhooks:RequestTimeout"] = "00:00:02";
    }

    [Theory]
    [InlineData("queue-timeout")]
    [InlineData("dispatcher")]
    [InlineData("deadline-sweeper")]
    public async Task GenerationFails_EachFailurePath_EndpointReceivesSignedFailedEvent(string path)
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        var (_, secret) = await WebhookTestSupport.RegisterAsync(http, Receiver.Url, WebhookEventTypes.GenerationFailed);
        var id = await CreateQueuedAsync(http);

        var now = TimeProvider.System.GetUtcNow();
        switch (path)
        {
            case "queue-timeout":
                Assert.True(await Gateway.Repository.FailQueuedAsync(id, "queue timeout", now, CancellationToken.None));
                break;
            case "dispatcher":
                Assert.True(await Gateway.Repository.FailAsync(id, "host failed", now, CancellationToken.None));
                break;
            default:
                // The gateway's own deadline sweeper fails it once its deadline has passed.
                await using (var connection = await Gateway.DataSource.OpenConnectionAsync())
                {
                    await connection.ExecuteAsync("update generations set deadline_at = @past where id = @id", new { id, past = now.AddSeconds(-1) });
                }

                break;
        }

        var received = Assert.Single(await WebhookTestSupport.WaitForEventsAsync(Receiver, r => Mentions(r, id), 1, DeliveryTimeout, "the failed event"));
        var body = await WebhookTestSupport.AssertValidEventAsync(http, received, secret, WebhookEventTypes.GenerationFailed, id.ToString());
        Assert.Equal("failed", body.GetProperty("data").GetProperty("generation").GetProperty("status").GetString());
        if (path == "deadline-sweeper")
        {
            Assert.Contains("deadline", body.GetProperty("data").GetProperty("generation").GetProperty("error").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task GenerationFails_EndpointSubscribedOnlyToSucceeded_NoDeliveryWritten()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        var (endpointId, _) = await WebhookTestSupport.RegisterAsync(http, Receiver.Url, WebhookEventTypes.GenerationSucceeded);
        var id = await CreateQueuedAsync(http);

        Assert.True(await Gateway.Repository.FailQueuedAsync(id, "queue timeout", TimeProvider.System.GetUtcNow(), CancellationToken.None));

        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("select count(*) from webhook_events where generation_id = @id", new { id }));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("select count(*) from webhook_deliveries where endpoint_id = @endpointId", new { endpointId = Guid.Parse(endpointId) }));
    }

    [Fact]
    public async Task Deliver_ReceiverAnswers500Twice_DeliveredOnThirdAttemptWithBackoffInLog()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        var (endpointId, secret) = await WebhookTestSupport.RegisterAsync(http, Receiver.Url, WebhookEventTypes.GenerationFailed);
        var id = await CreateQueuedAsync(http);
        Receiver.AnswerNext(500, 500);

        await Gateway.Repository.FailQueuedAsync(id, "queue timeout", TimeProvider.System.GetUtcNow(), CancellationToken.None);

        var received = await WebhookTestSupport.WaitForEventsAsync(Receiver, r => Mentions(r, id), 3, DeliveryTimeout, "three attempts");
        Assert.Equal(3, received.Count);
        Assert.Single(received.Select(r => r.EventId).Distinct());
        await WebhookTestSupport.AssertValidEventAsync(http, received[2], secret, WebhookEventTypes.GenerationFailed, id.ToString());
        var log = await Poll.UntilAsync(() => WebhookTestSupport.DeliveryLogAsync(http, endpointId), l => l.Count == 3, DeliveryTimeout, "three logged attempts");
        Assert.Equal([1, 2, 3], log.Select(a => a.GetProperty("attempt").GetInt32()));
        Assert.Equal([500, 500, 200], log.Select(a => a.GetProperty("status_code").GetInt32()));
        Assert.Equal(["retrying", "retrying", "delivered"], log.Select(a => a.GetProperty("outcome").GetString()));
        Assert.Contains("500", log[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.False(log[2].TryGetProperty("next_retry_at", out _));
        Assert.True(log[2].TryGetProperty("delivered_at", out _));

        // The log pages newest first with a cursor.
        var first = await http.GetFromJsonAsync<JsonElement>($"/v1/webhook-endpoints/{endpointId}/deliveries?limit=2");
        Assert.Equal([3, 2], first.GetProperty("data").EnumerateArray().Select(a => a.GetProperty("attempt").GetInt32()));
        var second = await http.GetFromJsonAsync<JsonElement>($"/v1/webhook-endpoints/{endpointId}/deliveries?limit=2&cursor={first.GetProperty("next_cursor").GetString()}");
        Assert.Equal([1], second.GetProperty("data").EnumerateArray().Select(a => a.GetProperty("attempt").GetInt32()));
        Assert.False(second.TryGetProperty("next_cursor", out _));

        // Backoff: each retry waited for its scheduled time, and the second wait is about twice the first.
        for (var i = 0; i < 2; i++)
        {
            var scheduled = log[i].GetProperty("next_retry_at").GetDateTimeOffset();
            var attempted = log[i].GetProperty("attempted_at").GetDateTimeOffset();
            Assert.True(log[i + 1].GetProperty("attempted_at").GetDateTimeOffset() >= scheduled, $"attempt {i + 2} came before its scheduled retry");
            var wait = scheduled - attempted;
            var expected = BaseDelay * Math.Pow(2, i);
            Assert.InRange(wait.TotalMilliseconds, expected.TotalMilliseconds * 0.9, (expected.TotalMilliseconds * 1.1) + 1000);
        }
    }

    [Fact]
    public async Task Deliver_ReceiverDown_RetriesUntilMaxAttemptsThenFails()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        var (endpointId, _) = await WebhookTestSupport.RegisterAsync(http, $"http://127.0.0.1:{ClosedPort()}/hooks", WebhookEventTypes.GenerationFailed);
        var id = await CreateQueuedAsync(http);

        await Gateway.Repository.FailQueuedAsync(id, "queue timeout", TimeProvider.System.GetUtcNow(), CancellationToken.None);

        var log = await Poll.UntilAsync(
            () => WebhookTestSupport.DeliveryLogAsync(http, endpointId), l => l.Any(a => a.GetProperty("outcome").GetString() == "failed"), DeliveryTimeout, "the delivery giving up");
        Assert.Equal([1, 2, 3], log.Select(a => a.GetProperty("attempt").GetInt32()));
        Assert.Equal(["retrying", "retrying", "failed"], log.Select(a => a.GetProperty("outcome").GetString()));
        Assert.All(log, a => Assert.False(a.TryGetProperty("status_code", out _)));
        Assert.All(log, a => Assert.Equal("could not connect to the endpoint", a.GetProperty("error").GetString()));
        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        var delivery = await connection.QuerySingleAsync<(string Status, int Attempts, DateTime? Next)>(
            "select status, attempts, next_attempt_at from webhook_deliveries where endpoint_id = @endpointId", new { endpointId = Guid.Parse(endpointId) });
        Assert.Equal(("failed", 3, (DateTime?)null), delivery);
    }

    [Fact]
    public async Task Deliver_EventCannotBeRendered_CountsAttemptsAndStopsAtMax()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        var (endpointId, _) = await WebhookTestSupport.RegisterAsync(http, Receiver.Url, WebhookEventTypes.GenerationFailed);
        var id = await CreateQueuedAsync(http);
        await using (var connection = await Gateway.DataSource.OpenConnectionAsync())
        {
            // A row the gateway cannot render any more (a broken resolved spec): a poison event must not be retried forever.
            await connection.ExecuteAsync("update generations set resolved = '{}' where id = @id", new { id });
        }

        await Gateway.Repository.FailQueuedAsync(id, "queue timeout", TimeProvider.System.GetUtcNow(), CancellationToken.None);

        var log = await Poll.UntilAsync(
            () => WebhookTestSupport.DeliveryLogAsync(http, endpointId), l => l.Any(a => a.GetProperty("outcome").GetString() == "failed"), DeliveryTimeout, "the delivery giving up");
        Assert.Equal(3, log.Count);
        Assert.All(log, a => Assert.Equal("internal error while preparing the event", a.GetProperty("error").GetString()));
        Assert.DoesNotContain(Receiver.Received, r => Mentions(r, id));
    }

    [Fact]
    public async Task Deliver_TwoGatewayReplicas_EachEventSentExactlyOnce()
    {
        await using var second = await StartGatewayAsync();
        // Enterprise: 40 jobs stay queued here, more than the pro plan's 16 concurrent ones.
        var (_, key, _) = await Gateway.CreateTenantAsync("enterprise");
        using var http = Gateway.Http(key);
        var (endpointId, _) = await WebhookTestSupport.RegisterAsync(http, Receiver.Url, WebhookEventTypes.GenerationFailed);
        var ids = new List<Guid>();
        for (var i = 0; i < 40; i++)
        {
            ids.Add(await CreateQueuedAsync(http));
        }

        await Task.WhenAll(ids.Select(id => Gateway.Repository.FailQueuedAsync(id, "queue timeout", TimeProvider.System.GetUtcNow(), CancellationToken.None)));

        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        await Poll.UntilAsync(
            () => connection.ExecuteScalarAsync<long>("select count(*) from webhook_deliveries where endpoint_id = @e and status = 'delivered'", new { e = Guid.Parse(endpointId) }),
            n => n == ids.Count, DeliveryTimeout, "every delivery recorded");
        var received = Receiver.Received.Where(r => ids.Any(id => Mentions(r, id))).ToList();
        Assert.Equal(ids.Count, received.Count);
        Assert.Equal(ids.Count, received.Select(r => r.EventId).Distinct().Count());
        Assert.Equal(ids.Count, await connection.ExecuteScalarAsync<long>(
            "select count(*) from webhook_attempts where endpoint_id = @e", new { e = Guid.Parse(endpointId) }));
    }

    private static async Task<Guid> CreateQueuedAsync(HttpClient http) =>
        Guid.Parse((await PostGenerationAsync(http, new { genre = "corporate-pop", duration_ms = 2000 })).GetProperty("id").GetString()!);

    private static bool Mentions(ReceivedWebhook received, Guid generationId) =>
        System.Text.Encoding.UTF8.GetString(received.Body).Contains(generationId.ToString(), StringComparison.Ordinal);

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
