using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using Dapper;
using Mureka.Gateway.Tests.Problems;
using Mureka.Gateway.Tests.Support;

namespace Mureka.Gateway.Tests.Contract;

/// <summary>
/// Thousands of bad requests generated from openapi.yaml against a real gateway: none may answer 5xx, every
/// response carries a Request-Id, and every error is problem+json of the full shape (type, title, status, detail,
/// instance, request_id; for 400 the fields it refuses).
/// </summary>
[Collection(StackCollection.Name)]
public sealed class ContractFuzzTests(StackFixture stack) : GatewayTestBase(stack)
{
    private const int Seed = 20261124;
    private const int PerOperation = 500;

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Gateway:DispatchEnabled"] = "false";

        // Thousands of requests in seconds: past the plan's requests per minute most would only meet the rate limiter.
        settings["Gateway:RateLimit:RequestsPerMinute"] = "1000000";

        // Configured, so the Stripe receiver is fuzzed past its signature check instead of answering 503 (not set up).
        settings["Billing:Stripe:WebhookSecret"] = "whsec_contract_fuzz_only";
    }

    [Fact]
    public async Task GeneratedBadRequests_EveryOperation_NoServerErrorAndProblemJson()
    {
        var (tenantId, key, _) = await Gateway.CreateTenantAsync();
        var generationId = await CreateSucceededGenerationAsync(key, tenantId);
        var spec = OpenApiSpec.LoadCommitted();
        var generator = new BadRequestGenerator(spec, Seed, new Dictionary<string, string> { ["id"] = generationId.ToString(), ["name"] = "drums" });
        var cases = generator.Generate(PerOperation).ToList();
        var failures = new ConcurrentBag<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        var documentedHeaders = ResponseHeaderNames(spec);
        var undocumentedHeaders = new ConcurrentDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        using var http = new HttpClient { BaseAddress = new Uri(Gateway.RestUrl) };

        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (fuzz, ct) =>
        {
            using var request = ToRequest(fuzz, key);
            using var response = await http.SendAsync(request, ct);
            var status = (int)response.StatusCode;
            statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            foreach (var name in Undocumented(response, documentedHeaders))
            {
                undocumentedHeaders.TryAdd(name, $"{fuzz.Method} {fuzz.Path} → {status}");
            }

            var problem = await CheckAsync(response, ct);
            if (problem is not null)
            {
                failures.Add($"{fuzz} → {status}: {problem}");
            }
        });

        Assert.True(cases.Count >= 3000, $"only {cases.Count} cases generated");
        Assert.True(failures.IsEmpty, $"{failures.Count} of {cases.Count} requests broke the contract (statuses: {Summary(statuses)}):\n  - " + string.Join("\n  - ", failures.Take(25)));
        Assert.True(statuses.Keys.Count(s => s >= 400) >= 6, $"the generator reached too few error kinds: {Summary(statuses)}");
        Assert.True(undocumentedHeaders.IsEmpty, "headers sent that openapi.yaml names nowhere: " + string.Join("; ", undocumentedHeaders.Select(h => $"{h.Key} (e.g. {h.Value})")));
    }

    [Fact]
    public async Task GoodRequests_EveryOperationFamily_SendOnlyHeadersTheContractNames()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        var documented = ResponseHeaderNames(OpenApiSpec.LoadCommitted());
        using var http = Gateway.Http(key);
        var id = (await PostGenerationAsync(http, new { genre = "chiptune", duration_ms = 1000 })).GetProperty("id").GetString();
        string[] paths = [$"/v1/generations/{id}", "/v1/generations?limit=5", $"/v1/generations/{id}/events", "/v1/models", "/v1/usage", "/v1/api-keys", "/v1/webhook-endpoints", "/docs/problems", "/openapi/v1.yaml"];
        var sent = new List<string>();
        foreach (var path in paths)
        {
            using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
            Assert.True(response.IsSuccessStatusCode, $"{path} → {(int)response.StatusCode}");
            sent.AddRange(Undocumented(response, documented).Select(name => $"{name} on {path}"));
        }

        Assert.Empty(sent);
    }

    private static IEnumerable<string> Undocumented(HttpResponseMessage response, HashSet<string> documented) =>
        response.Headers.Concat(response.Content.Headers).Select(h => h.Key).Where(n => !StandardHeaders.Contains(n) && !documented.Contains(n));

    // HTTP's own headers (RFC 9110 and friends, CORS): the contract need not repeat them.
    private static readonly HashSet<string> StandardHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Date", "Server", "Connection", "Keep-Alive", "Transfer-Encoding", "Content-Type", "Content-Length", "Content-Range",
        "Content-Encoding", "Accept-Ranges", "Cache-Control", "Pragma", "ETag", "Last-Modified", "Vary", "Allow", "Access-Control-Allow-Origin",
    };

    /// <summary>Every header name a response in the contract declares, plus the ones its description promises on every response.</summary>
    private static HashSet<string> ResponseHeaderNames(OpenApiSpec spec)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Request-Id" };
        void Walk(System.Text.Json.Nodes.JsonNode? node, bool inResponse)
        {
            switch (node)
            {
                case System.Text.Json.Nodes.JsonObject obj:
                    foreach (var (name, value) in obj)
                    {
                        if (inResponse && name == "headers" && value is System.Text.Json.Nodes.JsonObject headers)
                        {
                            names.UnionWith(headers.Select(h => h.Key));
                        }

                        Walk(value, inResponse || name == "responses");
                    }

                    break;
                case System.Text.Json.Nodes.JsonArray array:
                    foreach (var item in array)
                    {
                        Walk(item, inResponse);
                    }

                    break;
            }
        }

        Walk(spec.Root["paths"], inResponse: false);
        Walk(spec.Root["components"]?["responses"], inResponse: true);
        return names;
    }

    private static async Task<string?> CheckAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            return "server error " + await response.Content.ReadAsStringAsync(ct);
        }

        var requestId = response.Headers.TryGetValues("Request-Id", out var ids) ? ids.Single() : null;
        if (requestId is null || !ProblemAssert.IsRequestId(requestId))
        {
            return $"Request-Id header {requestId ?? "(none)"}";
        }

        if (status < 400)
        {
            return null;
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"content type {response.Content.Headers.ContentType?.MediaType ?? "(none)"}";
        }

        JsonElement body;
        try
        {
            body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement;
        }
        catch (JsonException e)
        {
            return "not JSON: " + e.Message;
        }

        if (ProblemAssert.ShapeViolation(body, status, requestId, replayed: response.Headers.Contains("Idempotent-Replayed")) is { } violation)
        {
            return violation + ": " + body;
        }

        var title = body.TryGetProperty("title", out var t) ? t.GetString() : null;
        var detail = body.TryGetProperty("detail", out var d) ? d.GetString() : null;
        var errors = body.TryGetProperty("errors", out var e2) && e2.ValueKind == JsonValueKind.Object ? e2.EnumerateObject().ToList() : [];
        if (string.IsNullOrWhiteSpace(title))
        {
            return "no title";
        }

        if (status == 400 && (errors.Count == 0 || errors.Any(x => string.IsNullOrWhiteSpace(x.Name))))
        {
            return "a 400 that names no field: " + body;
        }

        return string.IsNullOrWhiteSpace(detail) && errors.Count == 0 ? "neither detail nor errors: " + body : null;
    }

    private static HttpRequestMessage ToRequest(FuzzCase fuzz, string key)
    {
        var request = new HttpRequestMessage(new HttpMethod(fuzz.Method), fuzz.Path);
        switch (fuzz.Auth)
        {
            case FuzzAuth.ValidKey:
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
                break;
            case FuzzAuth.Garbage:
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer !!not-a-key!!");
                break;
            case FuzzAuth.WrongScheme:
                request.Headers.TryAddWithoutValidation("Authorization", "Basic dXNlcjpwYXNz");
                break;
            case FuzzAuth.UnknownKey:
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + key[..^4] + "AAAA");
                break;
            case FuzzAuth.None:
                break;
        }

        foreach (var (name, value) in fuzz.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (fuzz.Body is { } body)
        {
            request.Content = new ByteArrayContent(body);
            if (fuzz.ContentType is { } contentType)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        return request;
    }

    /// <summary>A generation with a mix and a drums stem on disk, so download operations get past 404.</summary>
    private async Task<Guid> CreateSucceededGenerationAsync(string key, Guid tenantId)
    {
        using var http = Gateway.Http(key);
        var created = await PostGenerationAsync(http, new { genre = "chiptune", duration_ms = 2000, stems = true });
        var id = Guid.Parse(created.GetProperty("id").GetString()!);
        var bytes = new byte[4096];
        new Random(Seed).NextBytes(bytes);
        Directory.CreateDirectory(Path.Combine(AudioRoot, "fuzz"));
        await File.WriteAllBytesAsync(Path.Combine(AudioRoot, "fuzz", "audio.wav"), bytes);
        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            update generations set status = 'succeeded', started_at = now(), finished_at = now(), rendered_ms = 2000 where id = @id and tenant_id = @tenantId;
            insert into audio_objects (generation_id, name, content_type, size_bytes, sha256, storage_key, created_at) values
                (@id, 'mix', 'audio/wav', 4096, 'abc', 'fuzz/audio.wav', now()),
                (@id, 'drums', 'audio/wav', 4096, 'def', 'fuzz/audio.wav', now());
            """, new { id, tenantId });
        return id;
    }

    private static string Summary(ConcurrentDictionary<int, int> statuses) =>
        string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"));
}
