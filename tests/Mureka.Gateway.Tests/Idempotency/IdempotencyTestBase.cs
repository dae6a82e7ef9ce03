using System.Net.Http.Json;
using Dapper;
using Mureka.Gateway.Tests.Support;

namespace Mureka.Gateway.Tests.Idempotency;

/// <summary>A gateway that accepts and stores jobs without rendering them, plus helpers for keyed POSTs.</summary>
public abstract class IdempotencyTestBase(StackFixture stack) : GatewayTestBase(stack)
{
    protected static readonly object Spec = new { genre = "chiptune", duration_ms = 2000, seed = 7, format = "wav" };

    protected override void Configure(Dictionary<string, string?> settings) => settings["Gateway:DispatchEnabled"] = "false";

    protected static async Task<HttpResponseMessage> PostAsync(HttpClient http, string path, object? body, string? idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        return await http.SendAsync(request);
    }

    protected async Task<long> CountGenerationsAsync(Guid tenantId)
    {
        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("select count(*) from generations where tenant_id = @tenantId", new { tenantId });
    }

    protected async Task<long> CountKeysAsync(Guid tenantId)
    {
        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("select count(*) from idempotency_keys where tenant_id = @tenantId", new { tenantId });
    }
}
