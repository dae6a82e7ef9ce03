using System.Text.Json;
using System.Text.RegularExpressions;

namespace Mureka.Gateway.Tests.Problems;

/// <summary>The shape every problem body must have, checked the same way by the fuzzer and the targeted tests.</summary>
internal static partial class ProblemAssert
{
    public static bool IsRequestId(string value) => RequestIdPattern().IsMatch(value);

    /// <returns>Null when the body has the full shape; otherwise what is wrong.</returns>
    /// <param name="replayed">An idempotent replay carries the first request's request_id, not this one's.</param>
    public static string? ShapeViolation(JsonElement body, int status, string? requestId, bool replayed = false)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return "not an object";
        }

        foreach (var member in new[] { "type", "title", "detail", "instance", "request_id" })
        {
            if (!body.TryGetProperty(member, out var value) || value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
            {
                return $"no {member}";
            }
        }

        if (!body.GetProperty("type").GetString()!.StartsWith("/docs/problems/", StringComparison.Ordinal))
        {
            return "type is not a documented problem";
        }

        if (!body.TryGetProperty("status", out var statusMember) || statusMember.ValueKind != JsonValueKind.Number || statusMember.GetInt32() != status)
        {
            return $"status member differs from HTTP {status}";
        }

        var bodyId = body.GetProperty("request_id").GetString()!;
        if (!IsRequestId(bodyId) || (!replayed && bodyId != requestId))
        {
            return $"request_id {bodyId} is not the Request-Id {requestId}";
        }

        return body.TryGetProperty("traceId", out _) ? "a framework traceId beside request_id" : null;
    }

    /// <returns>The problem body, after checking the response's status, content type, shape and problem type.</returns>
    public static async Task<JsonElement> ResponseAsync(HttpResponseMessage response, System.Net.HttpStatusCode status, Gateway.Problems.ProblemType type)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Null(ShapeViolation(body, (int)status, response.Headers.GetValues("Request-Id").Single()));
        Assert.Equal(type.Uri, body.GetProperty("type").GetString());
        return body;
    }

    [GeneratedRegex("^req_[0-9a-f]{32}$")]
    private static partial Regex RequestIdPattern();
}
