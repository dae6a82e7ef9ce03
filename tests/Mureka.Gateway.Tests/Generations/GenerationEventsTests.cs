using System.Net;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Mureka.Gateway.Tests.Support;

namespace Mureka.Gateway.Tests.Generations;

/// <summary>GET /v1/generations/{id}/events: server-sent progress while rendering, then the finished generation.</summary>
[Collection(StackCollection.Name)]
public sealed class GenerationEventsTests(StackFixture stack) : GatewayTestBase(stack)
{
    [Fact]
    public async Task Events_WhileRendering_RunningWithGrowingFractionThenSucceededWithTheGeneration()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        var id = (await PostGenerationAsync(http, new { genre = "house", duration_ms = 12_000, seed = 5, format = "wav" })).GetProperty("id").GetString()!;

        var (response, events) = await ReadEventsAsync(http, $"/v1/generations/{id}/events");

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.Contains("Request-Id"));
        var running = events.Where(e => e.EventType == "running").Select(e => JsonDocument.Parse(e.Data).RootElement).ToList();
        Assert.NotEmpty(running);
        Assert.All(running, r => Assert.Equal(id, r.GetProperty("id").GetString()));
        var fractions = running.Select(r => r.GetProperty("fraction").GetDouble()).ToList();
        Assert.Contains(fractions, f => f is > 0 and < 1);
        Assert.Equal(fractions.Order(), fractions);
        var last = events[^1];
        Assert.Equal("succeeded", last.EventType);
        var generation = JsonDocument.Parse(last.Data).RootElement;
        Assert.Equal(id, generation.GetProperty("id").GetString());
        Assert.Contains(generation.GetProperty("audio").EnumerateArray(), a => a.GetProperty("name").GetString() == "mix");
        var ids = events.Select(e => long.Parse(e.EventId!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(1, ids.Count).Select(i => (long)i), ids);
        Assert.All(events, e => Assert.Equal(TimeSpan.FromSeconds(2), e.ReconnectionInterval));
    }

    [Fact]
    public async Task Events_AlreadyFinished_OnlyTheFinalEvent()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        var id = (await PostGenerationAsync(http, new { genre = "ambient", duration_ms = 2000, format = "wav" })).GetProperty("id").GetString()!;
        await WaitForStatusAsync(http, id, "succeeded", RenderTimeout);

        var (_, events) = await ReadEventsAsync(http, $"/v1/generations/{id}/events");

        Assert.Equal("succeeded", Assert.Single(events).EventType);
    }

    [Fact]
    public async Task Events_UnknownOrOtherTenantsId_404Problem()
    {
        var (_, ownerKey, _) = await Gateway.CreateTenantAsync();
        var (_, otherKey, _) = await Gateway.CreateTenantAsync();
        using var owner = Gateway.Http(ownerKey);
        using var other = Gateway.Http(otherKey);
        var id = (await PostGenerationAsync(owner, new { genre = "ambient", duration_ms = 2000 })).GetProperty("id").GetString()!;

        using var foreign = await other.GetAsync($"/v1/generations/{id}/events");
        using var unknown = await owner.GetAsync("/v1/generations/not-a-uuid/events");

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<(HttpResponseMessage Response, List<SseItem<string>> Events)> ReadEventsAsync(HttpClient http, string path)
    {
        using var timeout = new CancellationTokenSource(RenderTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = new List<SseItem<string>>();
        await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
        await foreach (var item in SseParser.Create(body).EnumerateAsync(timeout.Token))
        {
            events.Add(item);
        }

        return (response, events);
    }
}

/// <summary>Events of a generation that is not rendering: its status, a cancel, and the end of the stream.</summary>
[Collection(StackCollection.Name)]
public sealed class QueuedGenerationEventsTests(StackFixture stack) : GatewayTestBase(stack)
{
    protected override void Configure(Dictionary<string, string?> settings) => settings["Gateway:DispatchEnabled"] = "false";

    [Fact]
    public async Task Events_QueuedThenCanceled_QueuedEventThenCanceledEventAndTheStreamEnds()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        var id = (await PostGenerationAsync(http, new { genre = "ambient", duration_ms = 2000 })).GetProperty("id").GetString()!;
        using var timeout = new CancellationTokenSource(RenderTimeout);
        using var response = await http.GetAsync($"/v1/generations/{id}/events", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
        await using var events = SseParser.Create(body).EnumerateAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);

        Assert.True(await events.MoveNextAsync());
        var queued = events.Current;
        using (var cancel = await http.PostAsync($"/v1/generations/{id}/cancel", null, timeout.Token))
        {
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        }

        Assert.True(await events.MoveNextAsync());
        var canceled = events.Current;
        var ended = !await events.MoveNextAsync();

        Assert.Equal("queued", queued.EventType);
        Assert.Equal("queued", JsonDocument.Parse(queued.Data).RootElement.GetProperty("status").GetString());
        Assert.Equal("canceled", canceled.EventType);
        Assert.Equal("canceled", JsonDocument.Parse(canceled.Data).RootElement.GetProperty("status").GetString());
        Assert.True(ended);
    }
}
