using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Mureka.Gateway.Tests.Support;

/// <summary>Reads a whole listing over REST as a client pages it: the same query with every cursor.</summary>
public static class GenerationListing
{
    /// <summary>Every id <c>GET /v1/generations?{query}</c> returns, page after page (at most 50, so a paging bug cannot loop).</summary>
    public static async Task<List<string>> IdsAsync(HttpClient http, string query)
    {
        ArgumentNullException.ThrowIfNull(http);
        var ids = new List<string>();
        string? cursor = null;
        do
        {
            using var response = await http.GetAsync($"/v1/generations?{query}{(cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))}");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            var page = await response.Content.ReadFromJsonAsync<JsonElement>();
            ids.AddRange(page.GetProperty("data").EnumerateArray().Select(g => g.GetProperty("id").GetString()!));
            cursor = page.TryGetProperty("next_cursor", out var next) ? next.GetString() : null;
        }
        while (cursor is not null && ids.Count < 50);

        return ids;
    }
}
