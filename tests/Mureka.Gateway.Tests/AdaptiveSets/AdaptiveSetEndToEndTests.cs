using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Mureka.Accounts;
using Mureka.Gateway.Tests.Limits;
using Mureka.Gateway.Tests.Support;
using Mureka.Gateway.Tests.Webhooks;
using Mureka.Testing;
using Mureka.Webhooks;

namespace Mureka.Gateway.Tests.AdaptiveSets;

/// <summary>
/// An adaptive set through the real stack: estimated, created, rendered by the real inference host under a lease,
/// announced by a signed webhook, downloaded as its zip, and billed exactly what the estimate said.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class AdaptiveSetEndToEndTests(StackFixture stack) : WebhookReceiverTestBase(stack)
{
    /// <summary>The smallest useful set: two 4-bar states, one transition, one stinger, at a quick tempo.</summary>
    internal static readonly object SmallSet = new
    {
        genre = "chiptune",
        bpm = 180,
        bars = 4,
        layers = 2,
        seed = 11,
        title = "Dungeon",
        states = new object[] { new { name = "explore" }, new { name = "combat", mood = "epic" } },
        transitions = new object[] { new { from = "explore", to = "combat" } },
        stingers = new[] { "victory" },
    };

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Gateway:Webhooks:AllowInsecureLoopback"] = "true";
        settings["Gateway:Webhooks:PollInterval"] = "00:00:00.100";
    }

    [Fact]
    public async Task SmallSet_RendersIntoItsZip_WebhookArrives_AndUsageIsExactlyTheEstimate()
    {
        var plan = await PlanFixtures.CreatePlanAsync(Gateway);
        await new PlansService(Gateway.DataSource).SetPriceAsync(plan, "usd", 0.01m);
        var (_, key, _) = await Gateway.CreateTenantAsync(plan);
        using var http = Gateway.Http(key);
        var (_, secret) = await WebhookTestSupport.RegisterAsync(http, Receiver.Url, WebhookEventTypes.AdaptiveSetSucceeded, WebhookEventTypes.AdaptiveSetFailed);

        using var estimateResponse = await http.PostAsJsonAsync("/v1/adaptive-sets/estimate", SmallSet);
        var estimate = await estimateResponse.Content.ReadFromJsonAsync<JsonElement>();
        using var created = await http.PostAsJsonAsync("/v1/adaptive-sets", SmallSet);
        var set = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = set.GetProperty("id").GetString()!;
        var done = await WaitForSetAsync(http, id, RenderTimeout);
        var received = Assert.Single(await WebhookTestSupport.WaitForEventsAsync(Receiver, r => r.EventType == WebhookEventTypes.AdaptiveSetSucceeded, 1, TimeSpan.FromSeconds(15), "the adaptive_set.succeeded event"));
        using var archive = await http.GetAsync($"/v1/adaptive-sets/{id}/archive");
        var zipBytes = await archive.Content.ReadAsByteArrayAsync();
        var today = DateTime.UtcNow.Date;
        var usage = await http.GetFromJsonAsync<JsonElement>($"/v1/usage?from={today:yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}&granularity=day");
        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        var meteredMs = await connection.ExecuteScalarAsync<long>("select value_ms from billing_outbox where identifier = @identifier", new { identifier = "mureka-gen-" + id });

        // The estimate names every billed part: each state once, whatever its layers, then the transition and the stinger.
        Assert.Equal(HttpStatusCode.OK, estimateResponse.StatusCode);
        var summary = estimate.GetProperty("set");
        var parts = summary.GetProperty("states").EnumerateArray().Concat(summary.GetProperty("transitions").EnumerateArray()).Concat(summary.GetProperty("stingers").EnumerateArray())
            .Sum(p => (decimal)p.GetProperty("seconds").GetDouble());
        var billable = estimate.GetProperty("billable_seconds").GetDouble();
        Assert.Equal((double)parts, billable, 3);
        Assert.Equal(billable, summary.GetProperty("billed_seconds").GetDouble());
        Assert.Equal(["explore", "combat"], summary.GetProperty("states").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.Equal(4, summary.GetProperty("states")[0].GetProperty("bars").GetInt32());
        Assert.Equal("usd", estimate.GetProperty("price").GetProperty("currency").GetString());

        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        Assert.Equal($"/v1/adaptive-sets/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal(billable, set.GetProperty("billable_seconds").GetDouble());
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        Assert.Equal(billable, done.GetProperty("rendered_seconds").GetDouble());
        Assert.Equal("application/zip", done.GetProperty("archive").GetProperty("content_type").GetString());

        var body = JsonDocument.Parse(received.Body).RootElement;
        Assert.True(WebhookSignature.Verify(secret, received.Signature, received.Body, TimeProvider.System.GetUtcNow(), WebhookSignature.DefaultTolerance));
        Assert.Equal(id, body.GetProperty("data").GetProperty("adaptive_set").GetProperty("id").GetString());

        Assert.Equal(HttpStatusCode.OK, archive.StatusCode);
        Assert.Equal("application/zip", archive.Content.Headers.ContentType?.MediaType);
        Assert.Equal(done.GetProperty("archive").GetProperty("size_bytes").GetInt64(), zipBytes.Length);
        using var zip = new ZipArchive(new MemoryStream(zipBytes), ZipArchiveMode.Read);
        var names = zip.Entries.Select(e => e.FullName).ToHashSet();
        Assert.Subset(names, new HashSet<string>
        {
            "states/explore/explore_full.wav", "states/explore/explore_layer1.wav", "states/explore/explore_layer2.wav",
            "states/combat/combat_full.wav", "states/combat/combat_layer1.wav", "states/combat/combat_layer2.wav",
            "transitions/explore_to_combat.wav", "stingers/victory.wav",
            "set.json", "README.md", "fmod/mureka_adaptive_set.js", "wwise/waapi_object_set.json",
        });
        Assert.All(zip.Entries.Where(e => e.FullName.EndsWith(".wav", StringComparison.Ordinal)), e => Assert.True(e.Length > 44, e.FullName));

        Assert.Equal((decimal)billable, usage.GetProperty("total_rendered_seconds").GetDecimal());
        Assert.Equal((decimal)billable, usage.GetProperty("total_estimated_seconds").GetDecimal());
        Assert.Equal((long)Math.Round(billable * 1000), meteredMs);
    }

    [Fact]
    public async Task TestKey_SetRenders_ButBillsNothing()
    {
        var (tenant, _, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(await Gateway.CreateTestKeyAsync(tenant));

        var estimate = await (await http.PostAsJsonAsync("/v1/adaptive-sets/estimate", SmallSet)).Content.ReadFromJsonAsync<JsonElement>();
        using var created = await http.PostAsJsonAsync("/v1/adaptive-sets", SmallSet);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var done = await WaitForSetAsync(http, id, RenderTimeout);
        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        var metered = await connection.ExecuteScalarAsync<long>("select count(*) from billing_outbox where identifier = @identifier", new { identifier = "mureka-gen-" + id });

        Assert.False(estimate.GetProperty("livemode").GetBoolean());
        Assert.Equal(0, estimate.GetProperty("billable_seconds").GetDouble());
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        Assert.False(done.GetProperty("livemode").GetBoolean());
        Assert.Equal(0, done.GetProperty("billable_seconds").GetDouble());
        Assert.Equal(0, metered);
    }

    internal static Task<JsonElement> WaitForSetAsync(HttpClient http, string id, TimeSpan timeout) =>
        Poll.UntilAsync(
            () => http.GetFromJsonAsync<JsonElement>($"/v1/adaptive-sets/{id}"),
            s => s.GetProperty("status").GetString() is "succeeded" or "failed" or "canceled",
            timeout,
            $"adaptive set {id} finishing");
}
