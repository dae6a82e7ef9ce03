using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Mureka.Gateway.Problems;
using Mureka.Gateway.Tests.Support;

namespace Mureka.Gateway.Tests.Problems;

/// <summary>One error shape: a Request-Id on every response, every problem complete, every field error at once, and type pages that exist.</summary>
[Collection(StackCollection.Name)]
public sealed class ProblemShapeTests(StackFixture stack) : GatewayTestBase(stack)
{
    protected override void Configure(Dictionary<string, string?> settings) => settings["Gateway:DispatchEnabled"] = "false";

    [Fact]
    public async Task EveryResponse_CarriesItsOwnRequestId()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        using var anonymous = Gateway.Http(null);

        var responses = new List<HttpResponseMessage>
        {
            await http.GetAsync("/v1/models"),
            await http.PostAsJsonAsync("/v1/generations", new { genre = "ambient", duration_ms = 2000 }),
            await http.GetAsync("/v1/generations?limit=0"),
            await anonymous.GetAsync("/v1/generations"),
            await anonymous.GetAsync("/no/such/route"),
            await anonymous.GetAsync("/healthz"),
        };

        var ids = responses.Select(r => Assert.Single(r.Headers.GetValues("Request-Id"))).ToList();
        Assert.Equal([200, 202, 400, 401, 404, 200], responses.Select(r => (int)r.StatusCode));
        Assert.All(ids, id => Assert.True(ProblemAssert.IsRequestId(id), id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        responses.ForEach(r => r.Dispose());
    }

    [Theory]
    [InlineData("POST", "/v1/generations", "{}", "application/json", 400, "invalid-request")]
    [InlineData("POST", "/v1/generations", "x", "text/plain", 415, "unsupported-media-type")]
    [InlineData("GET", "/v1/generations/00000000-0000-0000-0000-000000000000", null, null, 404, "not-found")]
    [InlineData("GET", "/v1/no-such-thing", null, null, 404, "not-found")]
    [InlineData("GET", "/v1/webhook-endpoints/00000000-0000-0000-0000-000000000000/deliveries?limit=101", null, null, 400, "invalid-request")]
    public async Task Errors_HaveTheFullShape_AndTheirTypePageExists(string method, string path, string? body, string? contentType, int status, string slug)
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new(contentType!);
        }

        using var response = await http.SendAsync(request);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(ProblemAssert.ShapeViolation(problem, status, Assert.Single(response.Headers.GetValues("Request-Id"))));
        Assert.Equal(ProblemTypes.PathPrefix + slug, problem.GetProperty("type").GetString());
        Assert.Equal(new Uri(path, UriKind.Relative).OriginalString.Split('?')[0], problem.GetProperty("instance").GetString());

        // The type resolves against the URL that was called to the page that explains it.
        using var page = await Gateway.Http(null).GetAsync(new Uri(new Uri(Gateway.RestUrl + path), problem.GetProperty("type").GetString()));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains(WebUtility.HtmlEncode(ProblemTypes.FindBySlug(slug)!.Title), await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WrongTypesUnknownFieldsAndBadValues_AllReportedAtOnce()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        const string Body = """{"bpm":"fast","key":"H major","duration_ms":-5,"colour":"red","seed":1.5}""";

        using var response = await http.PostAsync("/v1/generations", new StringContent(Body, Encoding.UTF8, "application/json"));
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(
            ["bpm", "colour", "duration_ms", "key", "prompt", "seed"],
            errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Contains("number", errors.GetProperty("bpm")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("unknown", errors.GetProperty("colour")[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("""{"duration_ms":15000,"seed":4}""")]
    [InlineData("""{"prompt":"   ","genre":null}""")]
    public async Task Create_NeitherPromptNorGenre_RefusedNamingPrompt_AndNothingStored(string body)
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);

        using var response = await http.PostAsync("/v1/generations", new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var list = await http.GetFromJsonAsync<JsonElement>("/v1/generations");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("genre", problem.GetProperty("errors").GetProperty("prompt")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, list.GetProperty("data").GetArrayLength());
    }

    [Theory]
    [InlineData("/v1/generations?limit=0")]
    [InlineData("/v1/generations?limit=-1")]
    [InlineData("/v1/generations?limit=101")]
    [InlineData("/v1/webhook-endpoints/00000000-0000-0000-0000-000000000000/deliveries?limit=0")]
    public async Task List_LimitOutOfRange_400NamingLimit(string path)
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);

        using var response = await http.GetAsync(path);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("limit", out _), problem.ToString());
    }

    [Fact]
    public async Task ProblemIndex_ListsEveryType_AndAnUnknownSlugIsA404Problem()
    {
        using var http = Gateway.Http(null);

        var index = await http.GetStringAsync("/docs/problems");
        using var unknown = await http.GetAsync("/docs/problems/%3Cscript%3E");
        var problem = await unknown.Content.ReadFromJsonAsync<JsonElement>();

        Assert.All(ProblemTypes.All, t => Assert.Contains($"href=\"{t.Uri}\"", index, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Null(ProblemAssert.ShapeViolation(problem, 404, Assert.Single(unknown.Headers.GetValues("Request-Id"))));
    }
}
