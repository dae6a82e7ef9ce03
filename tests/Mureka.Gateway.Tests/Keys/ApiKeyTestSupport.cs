using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mureka.Gateway.Problems;
using Mureka.Gateway.Tests.Problems;

namespace Mureka.Gateway.Tests.Keys;

internal static class ApiKeyTestSupport
{
    public static async Task<JsonElement> CreateKeyAsync(HttpClient http, object body)
    {
        using var response = await http.PostAsJsonAsync("/v1/api-keys", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    /// <returns>The problem body, after checking its status, shape and type.</returns>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, ProblemType type)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Null(ProblemAssert.ShapeViolation(body, (int)status, response.Headers.GetValues("Request-Id").Single()));
        Assert.Equal(type.Uri, body.GetProperty("type").GetString());
        return body;
    }

    public static string[] Scopes(JsonElement key) => [.. key.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()!)];
}
