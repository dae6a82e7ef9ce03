using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Mureka.Gateway.Problems;
using Mureka.Gateway.Tests.Limits;
using Mureka.Gateway.Tests.Problems;
using Mureka.Gateway.Tests.Support;

namespace Mureka.Gateway.Tests.AdaptiveSets;

/// <summary>What an adaptive-set request is refused for, always as problem+json naming the field, never a 500; and what a retry gets.</summary>
[Collection(StackCollection.Name)]
public sealed class AdaptiveSetValidationTests(StackFixture stack) : GatewayTestBase(stack)
{
    [Fact]
    public async Task BadFields_CreateAndEstimate_NameEveryOne()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        var body = new { layers = 9, states = new object[] { new { name = "calm" }, new { name = "fight", bars = 5 } }, transitions = new object[] { new { from = "calm", to = "nowhere" } } };

        foreach (var path in new[] { "/v1/adaptive-sets", "/v1/adaptive-sets/estimate" })
        {
            using var response = await http.PostAsJsonAsync(path, body);
            var problem = await ProblemAssert.ResponseAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);

            var errors = problem.GetProperty("errors");
            Assert.True(errors.TryGetProperty("layers", out _), $"{path}: {errors}");
            Assert.True(errors.TryGetProperty("states[1].bars", out _), $"{path}: {errors}");
        }

        Assert.Empty(await GenerationListing.IdsAsync(http, ""));
    }

    public static TheoryData<string, byte[], HttpStatusCode> HostileBodies => new()
    {
        { "NUL in a state name", Encoding.UTF8.GetBytes("{\"states\":[{\"name\":\"a\\u0000b\"}]}"), HttpStatusCode.BadRequest },
        { "control characters in the title", Encoding.UTF8.GetBytes("{\"preset\":\"action\",\"title\":\"x\\u0007\\u001b[2J\"}"), HttpStatusCode.BadRequest },
        { "bytes that are not UTF-8", [.. Encoding.UTF8.GetBytes("{\"title\":\""), 0xff, 0xfe, 0xc3, .. Encoding.UTF8.GetBytes("\"}")], HttpStatusCode.BadRequest },
        { "not JSON", Encoding.UTF8.GetBytes("states=4"), HttpStatusCode.BadRequest },
        { "a wrong type", Encoding.UTF8.GetBytes("{\"states\":[{\"bars\":\"many\"}]}"), HttpStatusCode.BadRequest },
        { "an unknown field", Encoding.UTF8.GetBytes("{\"preset\":\"action\",\"loop\":true}"), HttpStatusCode.BadRequest },
        { "a huge body", Encoding.UTF8.GetBytes("{\"title\":\"" + new string('a', 400_000) + "\"}"), HttpStatusCode.RequestEntityTooLarge },
        { "a huge number", Encoding.UTF8.GetBytes("{\"bars\":1e400,\"seed\":-1}"), HttpStatusCode.BadRequest },
    };

    [Theory]
    [MemberData(nameof(HostileBodies))]
    public async Task HostileBody_RefusedAsProblemJson_NeverAServerError(string what, byte[] body, HttpStatusCode status)
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);

        foreach (var path in new[] { "/v1/adaptive-sets", "/v1/adaptive-sets/estimate" })
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new("application/json");
            using var response = await http.PostAsync(path, content);

            var problem = await ProblemAssert.ResponseAsync(response, status, status == HttpStatusCode.BadRequest ? ProblemTypes.InvalidRequest : ProblemTypes.BodyTooLarge);
            Assert.True(status != HttpStatusCode.BadRequest || problem.GetProperty("errors").EnumerateObject().Any(), $"{what}: {problem}");
        }
    }

    [Fact]
    public async Task MalformedForeignOrTrackIds_ReadAsMissing()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        var track = (await PostGenerationAsync(http, new { genre = "chiptune", duration_ms = 1000, seed = 1 })).GetProperty("id").GetString()!;

        foreach (var path in new[] { "/v1/adaptive-sets/not-an-id", "/v1/adaptive-sets/%E2%80%AE1", $"/v1/adaptive-sets/{Guid.NewGuid()}", $"/v1/adaptive-sets/{track}", $"/v1/adaptive-sets/{track}/archive", $"/v1/adaptive-sets/{Guid.NewGuid()}/archive" })
        {
            using var response = await http.GetAsync(path);
            await ProblemAssert.ResponseAsync(response, HttpStatusCode.NotFound, ProblemTypes.NotFound);
        }

        using var cancel = await http.PostAsync("/v1/adaptive-sets/12345/cancel", null);
        await ProblemAssert.ResponseAsync(cancel, HttpStatusCode.NotFound, ProblemTypes.NotFound);
    }

    [Fact]
    public async Task PlanBounds_StatesAndSeconds_RefusedNamingStates()
    {
        var (_, freeKey, _) = await Gateway.CreateTenantAsync("free");
        var plan = await PlanFixtures.CreatePlanAsync(Gateway);
        await using (var connection = await Gateway.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("update plans set max_adaptive_set_ms = 5000 where id = @plan", new { plan });
        }

        var (_, shortKey, _) = await Gateway.CreateTenantAsync(plan);
        using var free = Gateway.Http(freeKey);
        using var limited = Gateway.Http(shortKey);
        var threeStates = new { bars = 4, states = new object[] { new { name = "a" }, new { name = "b" }, new { name = "c" } }, transitions = Array.Empty<object>(), stingers = Array.Empty<string>() };
        var oneState = new { bars = 4, bpm = 60, states = new object[] { new { name = "a" } }, stingers = Array.Empty<string>() };

        using var tooManyStates = await free.PostAsJsonAsync("/v1/adaptive-sets", threeStates);
        using var tooLongEstimate = await limited.PostAsJsonAsync("/v1/adaptive-sets/estimate", oneState);
        using var tooLong = await limited.PostAsJsonAsync("/v1/adaptive-sets", oneState);

        var states = (await ProblemAssert.ResponseAsync(tooManyStates, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest)).GetProperty("errors").GetProperty("states")[0].GetString();
        Assert.Contains("at most 2 states on the Free plan", states, StringComparison.Ordinal);
        foreach (var response in new[] { tooLongEstimate, tooLong })
        {
            var total = (await ProblemAssert.ResponseAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest)).GetProperty("errors").GetProperty("states")[0].GetString();
            Assert.Contains("at most 5000 ms", total, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SetLongerThanTheQuotaLeft_Refused402_NothingStored_AndTheEstimateSaysSo()
    {
        var (tenant, key) = await PlanFixtures.CreateTenantAsync(Gateway, quotaMs: 5_000);
        using var http = Gateway.Http(key);

        var estimate = await (await http.PostAsJsonAsync("/v1/adaptive-sets/estimate", AdaptiveSetEndToEndTests.SmallSet)).Content.ReadFromJsonAsync<JsonElement>();
        using var refused = await http.PostAsJsonAsync("/v1/adaptive-sets", AdaptiveSetEndToEndTests.SmallSet);
        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        var stored = await connection.ExecuteScalarAsync<int>("select count(*) from generations where tenant_id = @tenant", new { tenant });

        Assert.False(estimate.GetProperty("quota").GetProperty("within_quota").GetBoolean());
        await ProblemAssert.ResponseAsync(refused, HttpStatusCode.PaymentRequired, ProblemTypes.QuotaExceeded);
        Assert.Equal(0, stored);
    }

    [Fact]
    public async Task SameIdempotencyKey_Replayed_ReturnsTheSameSet_AndStoresOne()
    {
        var (tenant, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        var idempotencyKey = Guid.NewGuid().ToString();

        async Task<HttpResponseMessage> PostAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/adaptive-sets") { Content = JsonContent.Create(AdaptiveSetEndToEndTests.SmallSet) };
            request.Headers.Add("Idempotency-Key", idempotencyKey);
            return await http.SendAsync(request);
        }

        using var first = await PostAsync();
        using var again = await PostAsync();
        var firstSet = await first.Content.ReadFromJsonAsync<JsonElement>();
        var againSet = await again.Content.ReadFromJsonAsync<JsonElement>();
        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        var stored = await connection.ExecuteScalarAsync<int>("select count(*) from generations where tenant_id = @tenant and kind = 'adaptive_set'", new { tenant });

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(firstSet.GetProperty("id").GetString(), againSet.GetProperty("id").GetString());
        Assert.Equal(1, stored);
        // A set is no track: it never shows in the generations listing.
        Assert.Empty(await GenerationListing.IdsAsync(http, ""));
        await AdaptiveSetEndToEndTests.WaitForSetAsync(http, firstSet.GetProperty("id").GetString()!, RenderTimeout);
    }

    [Fact]
    public async Task Cancel_QueuedOrRunningSet_IsCanceled_ThenConflicts()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        using var created = await http.PostAsJsonAsync("/v1/adaptive-sets", AdaptiveSetEndToEndTests.SmallSet);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        using var cancel = await http.PostAsync($"/v1/adaptive-sets/{id}/cancel", null);
        using var again = await http.PostAsync($"/v1/adaptive-sets/{id}/cancel", null);
        using var archive = await http.GetAsync($"/v1/adaptive-sets/{id}/archive");

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("canceled", (await cancel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        await ProblemAssert.ResponseAsync(again, HttpStatusCode.Conflict, ProblemTypes.Conflict);
        await ProblemAssert.ResponseAsync(archive, HttpStatusCode.Conflict, ProblemTypes.Conflict);
    }
}
