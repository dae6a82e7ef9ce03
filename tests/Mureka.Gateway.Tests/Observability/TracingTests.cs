using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using Mureka.Gateway.Observability;
using Mureka.Gateway.Tests.Support;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Observability;

[Collection(StackCollection.Name)]
public sealed class TracingTests(StackFixture stack) : GatewayTestBase(stack)
{
    [Fact]
    public async Task CreateGeneration_WithTraceparent_DispatchAndHostCallContinueTheTrace()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var stopped = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.TraceId == traceId)
                {
                    stopped.Add(a);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/generations") { Content = JsonContent.Create(new { genre = "corporate-pop", duration_ms = 2000 }) };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");

        using var response = await http.SendAsync(request);
        var id = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!;
        await WaitForStatusAsync(http, id, "succeeded", RenderTimeout);

        // The dispatch span and the host's server span for Generate both carry the caller's trace id.
        var spans = await Poll.UntilAsync(
            () => Task.FromResult(stopped.ToList()),
            s => s.Any(a => a.Source.Name == GatewayTelemetry.SourceName) && s.Count(a => a.OperationName == "Microsoft.AspNetCore.Hosting.HttpRequestIn") >= 2,
            TimeSpan.FromSeconds(10), "spans of the trace");
        var dispatch = spans.Single(a => a.Source.Name == GatewayTelemetry.SourceName);
        Assert.Equal(id, dispatch.GetTagItem("mureka.generation_id"));
        // Two server spans in the trace: the gateway's POST and the host's Generate (the only host call made inside the dispatch span).
        Assert.True(spans.Count(a => a.OperationName == "Microsoft.AspNetCore.Hosting.HttpRequestIn") >= 2);
        Assert.Contains(spans, a => a.OperationName == "Microsoft.AspNetCore.Hosting.HttpRequestIn" && a.ParentSpanId != dispatch.ParentSpanId && a.StartTimeUtc >= dispatch.StartTimeUtc);
    }
}
