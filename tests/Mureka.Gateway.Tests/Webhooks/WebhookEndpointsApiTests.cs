using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Mureka.Gateway.Tests.Support;

namespace Mureka.Gateway.Tests.Webhooks;

/// <summary>The endpoints API with production settings: https only, public destinations only.</summary>
[Collection(StackCollection.Name)]
public sealed class WebhookEndpointsApiTests(StackFixture stack) : GatewayTestBase(stack)
{
    private const string Url = "https://hooks.example.com/mureka?source=api";
    private static readonly string[] Both = ["generation.succeeded", "generation.failed"];
    private static readonly string[] SucceededOnly = ["generation.succeeded"];
    private static readonly string[] FailedOnly = ["generation.failed"];
    private static readonly string[] BadEvents = ["generation.failed", "generation.started", "generation.failed"];

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Gateway:DispatchEnabled"] = "false";
        settings["Gateway:Webhooks:MaxEndpointsPerTenant"] = "3";
    }

    [Fact]
    public async Task Create_ValidEndpoint_Returns201WithSecretShownOnlyOnce()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);

        using var created = await http.PostAsJsonAsync("/v1/webhook-endpoints", new { url = Url, events = Both, description = "prod" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetString()!;
        Assert.Equal($"/v1/webhook-endpoints/{id}", created.Headers.Location?.OriginalString);
        Assert.Matches("^whsec_[A-Za-z0-9_-]{43}$", body.GetProperty("secret").GetString());
        Assert.Equal(Url, body.GetProperty("url").GetString());
        Assert.Equal("prod", body.GetProperty("description").GetString());
        Assert.Equal(["generation.succeeded", "generation.failed"], body.GetProperty("events").EnumerateArray().Select(e => e.GetString()));

        var fetched = await http.GetFromJsonAsync<JsonElement>($"/v1/webhook-endpoints/{id}");
        Assert.False(fetched.TryGetProperty("secret", out _));
        Assert.Equal(body.GetProperty("created_at").GetDateTimeOffset(), fetched.GetProperty("created_at").GetDateTimeOffset());
        var list = await http.GetFromJsonAsync<JsonElement>("/v1/webhook-endpoints");
        var only = Assert.Single(list.GetProperty("data").EnumerateArray());
        Assert.Equal(id, only.GetProperty("id").GetString());
        Assert.False(only.TryGetProperty("secret", out _));
    }

    [Theory]
    [InlineData("http://hooks.example.com/x", "url", "https")]
    [InlineData("ftp://hooks.example.com/x", "url", "absolute https")]
    [InlineData("/relative/path", "url", "absolute https")]
    [InlineData("https://user:pass@hooks.example.com/x", "url", "credentials")]
    [InlineData("https://10.0.0.5/x", "url", "public address")]
    [InlineData("https://169.254.169.254/latest/meta-data", "url", "public address")]
    [InlineData("https://[::1]:8443/x", "url", "public address")]
    [InlineData("http://127.0.0.1:8080/x", "url", "https")]
    [InlineData("https://localhost/x", "url", "public address")]
    [InlineData("https://hooks.example.com/x#frag", "url", "fragment")]
    public async Task Create_BadUrl_Returns400NamingUrl(string url, string field, string message)
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);

        var problem = await PostInvalidAsync(http, new { url, events = SucceededOnly });

        Assert.Contains(problem.GetProperty("errors").GetProperty(field).EnumerateArray(), m => m.GetString()!.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_UrlOver2048Chars_Returns400()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);

        var problem = await PostInvalidAsync(http, new { url = "https://hooks.example.com/" + new string('a', 2048), events = FailedOnly });

        Assert.Contains("2048", problem.GetProperty("errors").GetProperty("url")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_BadEventsAndDescription_Returns400NamingEach()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);

        var problem = await PostInvalidAsync(http, new { url = Url, events = BadEvents, description = new string('d', 501) });

        var errors = problem.GetProperty("errors");
        Assert.Contains("generation.started", errors.GetProperty("events[1]")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("twice", errors.GetProperty("events[2]")[0].GetString(), StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty("description", out _));
        Assert.False(errors.TryGetProperty("url", out _));
    }

    [Fact]
    public async Task Create_NoEvents_Returns400()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);

        var problem = await PostInvalidAsync(http, new { url = Url, events = Array.Empty<string>() });

        Assert.True(problem.GetProperty("errors").TryGetProperty("events", out _));
    }

    [Theory]
    [InlineData("{\"url\": \"https://hooks.example.com\", \"events\": [\"generation.failed\"], \"secret\": \"mine\"}", "secret")]
    [InlineData("{\"url\": 42, \"events\": [\"generation.failed\"]}", "url")]
    [InlineData("{\"url\": \"https://hooks.example.com\", \"events\": \"generation.failed\"}", "events")]
    [InlineData("{\"url\": \"https://hooks.example.com\",", "body")]
    [InlineData("[1, 2]", "body")]
    [InlineData("", "url")]
    public async Task Create_MalformedBody_Returns400NamingField(string json, string field)
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);

        using var response = await http.PostAsync("/v1/webhook-endpoints", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name {field}: {problem}");
    }

    [Fact]
    public async Task Create_BodyOver16KiB_Returns413Problem()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        var json = "{\"url\": \"https://hooks.example.com\", \"events\": [\"generation.failed\"], \"description\": \"" + new string('d', 20 * 1024) + "\"}";

        using var response = await http.PostAsync("/v1/webhook-endpoints", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Create_OverTenantLimit_Returns409AndStoresNothing()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        for (var i = 0; i < 3; i++)
        {
            using var ok = await http.PostAsJsonAsync("/v1/webhook-endpoints", new { url = Url, events = FailedOnly });
            Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        }

        using var refused = await http.PostAsJsonAsync("/v1/webhook-endpoints", new { url = Url, events = FailedOnly });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var list = await http.GetFromJsonAsync<JsonElement>("/v1/webhook-endpoints");
        Assert.Equal(3, list.GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task OtherTenant_EveryOperation_Returns404()
    {
        var (_, ownerKey, _) = await Gateway.CreateTenantAsync();
        var (_, otherKey, _) = await Gateway.CreateTenantAsync();
        using var owner = Gateway.Http(ownerKey);
        using var other = Gateway.Http(otherKey);
        using var created = await owner.PostAsJsonAsync("/v1/webhook-endpoints", new { url = Url, events = FailedOnly });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        using var get = await other.GetAsync($"/v1/webhook-endpoints/{id}");
        using var deliveries = await other.GetAsync($"/v1/webhook-endpoints/{id}/deliveries");
        using var rotate = await other.PostAsync($"/v1/webhook-endpoints/{id}/rotate-secret", null);
        using var delete = await other.DeleteAsync($"/v1/webhook-endpoints/{id}");

        Assert.All([get, deliveries, rotate, delete], r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.Equal("application/problem+json", get.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, (await other.GetFromJsonAsync<JsonElement>("/v1/webhook-endpoints")).GetProperty("data").GetArrayLength());
        using var stillThere = await owner.GetAsync($"/v1/webhook-endpoints/{id}");
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
    }

    [Fact]
    public async Task RotateSecret_ThenDelete_NewSecretThen204Then404()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        using var created = await http.PostAsJsonAsync("/v1/webhook-endpoints", new { url = Url, events = FailedOnly });
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetString();

        using var rotated = await http.PostAsync($"/v1/webhook-endpoints/{id}/rotate-secret", null);
        var rotatedBody = await rotated.Content.ReadFromJsonAsync<JsonElement>();
        using var deleted = await http.DeleteAsync($"/v1/webhook-endpoints/{id}");
        using var gone = await http.GetAsync($"/v1/webhook-endpoints/{id}");

        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.StartsWith("whsec_", rotatedBody.GetProperty("secret").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(body.GetProperty("secret").GetString(), rotatedBody.GetProperty("secret").GetString());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Theory]
    [InlineData("limit=-1", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("cursor=not-a-cursor!", "cursor")]
    public async Task Deliveries_BadPaging_Returns400(string query, string field)
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        using var created = await http.PostAsJsonAsync("/v1/webhook-endpoints", new { url = Url, events = FailedOnly });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        using var response = await http.GetAsync($"/v1/webhook-endpoints/{id}/deliveries?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Create_NoApiKey_Returns401()
    {
        using var http = Gateway.Http(null);

        using var response = await http.PostAsJsonAsync("/v1/webhook-endpoints", new { url = Url, events = FailedOnly });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static async Task<JsonElement> PostInvalidAsync(HttpClient http, object body)
    {
        using var response = await http.PostAsJsonAsync("/v1/webhook-endpoints", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
