using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mureka.Gateway.Tests.Support;

namespace Mureka.Gateway.Tests.Generations;

/// <summary>Dispatch disabled: jobs are accepted and stay queued, which makes queue-side behaviour deterministic.</summary>
[Collection(StackCollection.Name)]
public sealed class QueuedGenerationTests(StackFixture stack) : GatewayTestBase(stack)
{
    protected override void Configure(Dictionary<string, string?> settings) => settings["Gateway:DispatchEnabled"] = "false";

    [Fact]
    public async Task ListGenerations_Paginated_ReturnsEveryItemOnceNewestFirst()
    {
        // Enterprise: 23 jobs stay queued here, more than the pro plan's 16 concurrent ones.
        var (_, key, _) = await Gateway.CreateTenantAsync("enterprise");
        var (_, otherKey, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        using var other = Gateway.Http(otherKey);
        var created = new List<string>();
        for (var i = 0; i < 23; i++)
        {
            created.Add((await PostGenerationAsync(http, new { genre = "corporate-pop", duration_ms = 2000, seed = i })).GetProperty("id").GetString()!);
        }

        await PostGenerationAsync(other, new { genre = "corporate-pop", duration_ms = 2000 });

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await http.GetFromJsonAsync<JsonElement>($"/v1/generations?limit=5{(cursor is null ? "" : "&cursor=" + cursor)}");
            seen.AddRange(page.GetProperty("data").EnumerateArray().Select(g => g.GetProperty("id").GetString()!));
            cursor = page.TryGetProperty("next_cursor", out var next) ? next.GetString() : null;
            pages++;
        }
        while (cursor is not null && pages < 20);

        Assert.Equal(5, pages);
        Assert.Equal(Enumerable.Reverse(created), seen);
    }

    [Fact]
    public async Task ListGenerations_BadCursorOrLimit_Returns400NamingParameter()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);

        using var badCursor = await http.GetAsync("/v1/generations?cursor=not-a-cursor");
        using var badLimit = await http.GetAsync("/v1/generations?limit=1000");

        Assert.Equal(HttpStatusCode.BadRequest, badCursor.StatusCode);
        Assert.True((await badCursor.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("cursor", out _));
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
        Assert.True((await badLimit.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("limit", out _));
    }

    [Fact]
    public async Task CancelGeneration_WhileQueued_CanceledAtOnce()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        var id = (await PostGenerationAsync(http, new { genre = "corporate-pop", duration_ms = 2000 })).GetProperty("id").GetString()!;

        using var cancel = await http.PostAsync($"/v1/generations/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var body = await cancel.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("canceled", body.GetProperty("status").GetString());
        Assert.True(body.TryGetProperty("finished_at", out _));
        Assert.Equal("canceled", (await GetGenerationAsync(http, id)).GetProperty("status").GetString());
        using var again = await http.PostAsync($"/v1/generations/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Download_NotFinished_Returns409Problem()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        var id = (await PostGenerationAsync(http, new { genre = "corporate-pop", duration_ms = 2000 })).GetProperty("id").GetString()!;

        using var audio = await http.GetAsync($"/v1/generations/{id}/audio");

        Assert.Equal(HttpStatusCode.Conflict, audio.StatusCode);
        Assert.Equal("application/problem+json", audio.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task CreateGeneration_StoredBeforeResponse_RowExistsWhenResponseArrives()
    {
        var (tenant, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);

        var id = Guid.Parse((await PostGenerationAsync(http, new { genre = "corporate-pop", duration_ms = 2000 })).GetProperty("id").GetString()!);

        var row = await Gateway.Repository.GetAsync(tenant, id, CancellationToken.None);
        Assert.NotNull(row);
        Assert.Equal("queued", row.Status);
        Assert.True(row.DeadlineAt > row.CreatedAt.AddMinutes(9));
    }
}
