using Mureka.Testing;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Mureka.Gateway.Tests.Support;

namespace Mureka.Gateway.Tests.Generations;

[Collection(StackCollection.Name)]
public sealed class RestGenerationTests(StackFixture stack) : GatewayTestBase(stack)
{
    private static readonly object ShortWav = new { genre = "chiptune", duration_ms = 2000, seed = 7, format = "wav" };

    [Fact]
    public async Task CreateGeneration_PollThenDownload_ReturnsDecodableWav()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);

        using var created = await http.PostAsJsonAsync("/v1/generations", ShortWav);
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetString()!;
        Assert.Equal($"/v1/generations/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("queued", body.GetProperty("status").GetString());
        Assert.Equal(2000, body.GetProperty("resolved").GetProperty("duration_ms").GetInt32());

        var done = await WaitForStatusAsync(http, id, "succeeded", RenderTimeout);
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        var mix = done.GetProperty("audio").EnumerateArray().Single(a => a.GetProperty("name").GetString() == "mix");

        using var audio = await http.GetAsync(mix.GetProperty("url").GetString());
        Assert.Equal(HttpStatusCode.OK, audio.StatusCode);
        Assert.Equal("audio/wav", audio.Content.Headers.ContentType?.MediaType);
        var bytes = await audio.Content.ReadAsByteArrayAsync();
        Assert.Equal(mix.GetProperty("size_bytes").GetInt64(), bytes.Length);
        Assert.Equal(bytes.Length, audio.Content.Headers.ContentLength);
        var wav = Wav.Parse(bytes);
        Assert.InRange(wav.Duration.TotalMilliseconds, 1900, 2100);
        Assert.True(done.GetProperty("rendered_seconds").GetDouble() > 0);
    }

    [Fact]
    public async Task CreateGeneration_PreferWait_Returns200WithFinishedGeneration()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/generations") { Content = JsonContent.Create(ShortWav) };
        request.Headers.Add("Prefer", "wait=60");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("wait=60", response.Headers.GetValues("Preference-Applied").Single());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("succeeded", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Download_RangeAndIfNoneMatch_Returns206And304()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        var id = (await PostGenerationAsync(http, ShortWav)).GetProperty("id").GetString()!;
        await WaitForStatusAsync(http, id, "succeeded", RenderTimeout);
        var full = await http.GetByteArrayAsync($"/v1/generations/{id}/audio");

        using var rangeRequest = new HttpRequestMessage(HttpMethod.Get, $"/v1/generations/{id}/audio");
        rangeRequest.Headers.Range = new RangeHeaderValue(100, 1099);
        using var partial = await http.SendAsync(rangeRequest);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(full.AsSpan(100, 1000).ToArray(), await partial.Content.ReadAsByteArrayAsync());
        Assert.Equal(1000, partial.Content.Headers.ContentLength);
        var etag = partial.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/v1/generations/{id}/audio");
        conditional.Headers.IfNoneMatch.Add(etag);
        using var notModified = await http.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task Download_StemsRequested_ServesEachStem()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        var id = (await PostGenerationAsync(http, new { genre = "house", duration_ms = 2000, stems = true })).GetProperty("id").GetString()!;

        var done = await WaitForStatusAsync(http, id, "succeeded", RenderTimeout);

        var stems = done.GetProperty("audio").EnumerateArray().Where(a => a.GetProperty("name").GetString() != "mix").ToList();
        Assert.NotEmpty(stems);
        foreach (var stem in stems)
        {
            var bytes = await http.GetByteArrayAsync(stem.GetProperty("url").GetString());
            Assert.Equal(stem.GetProperty("size_bytes").GetInt64(), bytes.Length);
        }

        using var missing = await http.GetAsync($"/v1/generations/{id}/stems/vocals");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task CreateGeneration_InvalidFields_Returns400NamingEachField()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);

        using var response = await http.PostAsJsonAsync("/v1/generations", new { bpm = 500, genre = "polka", duration_ms = 2000 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.Contains("220", errors.GetProperty("bpm")[0].GetString());
        Assert.True(errors.TryGetProperty("genre", out _));
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
    }

    [Theory]
    [InlineData("{\"bpm\": \"fast\"}", "bpm")]
    [InlineData("{\"duration_ms\": 2.5}", "duration_ms")]
    [InlineData("{\"tempo\": 120}", "tempo")]
    [InlineData("{\"bpm\": 120,", "body")]
    [InlineData("[1, 2]", "body")]
    public async Task CreateGeneration_MalformedJson_Returns400NamingField(string json, string field)
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);

        using var response = await http.PostAsync("/v1/generations", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name {field}: {problem}");
    }

    [Fact]
    public async Task CreateGeneration_BodyOver192KiB_Returns413Problem()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        var json = "{\"prompt\": \"" + new string('a', 200 * 1024) + "\"}";

        using var response = await http.PostAsync("/v1/generations", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task GetGeneration_OtherTenantsId_Returns404LikeMissingId()
    {
        var (_, ownerKey, _) = await Gateway.CreateTenantAsync();
        var (_, otherKey, _) = await Gateway.CreateTenantAsync();
        using var owner = Gateway.Http(ownerKey);
        using var other = Gateway.Http(otherKey);
        var id = (await PostGenerationAsync(owner, ShortWav)).GetProperty("id").GetString()!;

        using var foreign = await other.GetAsync($"/v1/generations/{id}");
        using var missing = await other.GetAsync($"/v1/generations/{Guid.NewGuid()}");
        using var foreignAudio = await other.GetAsync($"/v1/generations/{id}/audio");
        using var foreignCancel = await other.PostAsync($"/v1/generations/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreignAudio.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreignCancel.StatusCode);
        Assert.Equal(await WithoutOccurrenceAsync(missing), await WithoutOccurrenceAsync(foreign));
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/v1/generations/{id}")).StatusCode);
    }

    // A problem body minus what names this one occurrence (the path called, the request's id).
    private static async Task<string> WithoutOccurrenceAsync(HttpResponseMessage response)
    {
        var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        body.Remove("instance");
        body.Remove("request_id");
        return body.ToJsonString();
    }

    [Fact]
    public async Task ListModels_Authenticated_ReturnsComposeModel()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);

        var models = await http.GetFromJsonAsync<JsonElement>("/v1/models");

        Assert.Contains(models.GetProperty("data").EnumerateArray(), m => m.GetProperty("id").GetString() == "mureka-compose-1");
    }
}
