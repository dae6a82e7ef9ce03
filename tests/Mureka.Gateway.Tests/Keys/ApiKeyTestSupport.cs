using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

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

    public static string[] Scopes(JsonElement key) => [.. key.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()!)];
}
