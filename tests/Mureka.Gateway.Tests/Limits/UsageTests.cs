using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Mureka.Gateway.Tests.Support;

namespace Mureka.Gateway.Tests.Limits;

/// <summary>GET /v1/usage sums the ledger by day and model, for the caller's tenant only, and validates its query.</summary>
[Collection(StackCollection.Name)]
public sealed class UsageTests(StackFixture stack) : GatewayTestBase(stack)
{
    protected override void Configure(Dictionary<string, string?> settings) => settings["Gateway:DispatchEnabled"] = "false";

    [Fact]
    public async Task GetUsage_LedgerRowsOnTwoDaysAndModels_SumsByDayAndModel()
    {
        var (tenant, key, _) = await Gateway.CreateTenantAsync();
        var (other, _, _) = await Gateway.CreateTenantAsync();
        await AddLedgerRowAsync(tenant, "mureka-compose-1", 1_500, "2026-10-03T10:00:00Z");
        await AddLedgerRowAsync(tenant, "mureka-compose-1", 2_250, "2026-10-03T23:59:59Z");
        await AddLedgerRowAsync(tenant, "other-model", 4_000, "2026-10-03T12:00:00Z");
        await AddLedgerRowAsync(tenant, "mureka-compose-1", 1_000, "2026-10-04T00:00:00Z");
        await AddLedgerRowAsync(tenant, "mureka-compose-1", 9_000, "2026-10-05T00:00:00Z");
        await AddLedgerRowAsync(other, "mureka-compose-1", 7_000, "2026-10-03T10:00:00Z");
        using var http = Gateway.Http(key);

        var usage = await http.GetFromJsonAsync<JsonElement>("/v1/usage?from=2026-10-03&to=2026-10-05&granularity=day");

        var rows = usage.GetProperty("data").EnumerateArray()
            .Select(r => (r.GetProperty("date").GetString(), r.GetProperty("model").GetString(), r.GetProperty("rendered_seconds").GetDecimal()))
            .ToList();
        Assert.Equal(
            [("2026-10-03", "mureka-compose-1", 3.75m), ("2026-10-03", "other-model", 4m), ("2026-10-04", "mureka-compose-1", 1m)],
            rows);
        Assert.Equal(8.75m, usage.GetProperty("total_rendered_seconds").GetDecimal());
        Assert.Equal("day", usage.GetProperty("granularity").GetString());
    }

    [Theory]
    [InlineData("from=yesterday", "from")]
    [InlineData("from=2026-10-05&to=2026-10-05", "to")]
    [InlineData("from=2026-10-06&to=2026-10-05", "to")]
    [InlineData("from=2025-01-01&to=2026-10-05", "to")]
    [InlineData("from=2026-10-01&to=2026-10-05&granularity=week", "granularity")]
    [InlineData("from=2026-01-01&to=2026-03-01&granularity=hour", "to")]
    public async Task GetUsage_BadQuery_400NamingTheParameter(string query, string field)
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);

        using var response = await http.GetAsync("/v1/usage?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors.{field} in {problem}");
    }

    [Fact]
    public async Task GetUsage_NoKey_401()
    {
        using var http = Gateway.Http(null);

        using var response = await http.GetAsync("/v1/usage");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task AddLedgerRowAsync(Guid tenant, string model, long renderedMs, string at)
    {
        var recordedAt = DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture);
        var id = Guid.NewGuid();
        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            insert into generations (id, tenant_id, status, model, request, resolved, created_at, updated_at, deadline_at, rendered_ms)
            values (@id, @tenant, 'succeeded', @model, '{}', '{"duration_ms": 1000}', @recordedAt, @recordedAt, @recordedAt, @renderedMs);
            insert into usage_ledger (tenant_id, generation_id, model, rendered_ms, recorded_at) values (@tenant, @id, @model, @renderedMs, @recordedAt);
            """, new { id, tenant, model, renderedMs, recordedAt });
    }
}
