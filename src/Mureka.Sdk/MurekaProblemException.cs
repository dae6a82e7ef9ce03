using System.Globalization;

namespace Mureka.Sdk;

/// <summary>
/// An RFC 9457 problem the API answered with: the HTTP status, the problem's type, title and detail,
/// and for a validation problem every bad field (snake_case, as sent) with its messages.
/// </summary>
public sealed class MurekaProblemException : Exception
{
    public MurekaProblemException(int status, string? type, string title, string? detail, IReadOnlyDictionary<string, IReadOnlyList<string>> errors, TimeSpan? retryAfter, Exception? innerException = null)
        : base(Describe(status, title, detail, errors), innerException)
    {
        Status = status;
        Type = type;
        Title = title;
        Detail = detail;
        Errors = errors;
        RetryAfter = retryAfter;
    }

    public MurekaProblemException()
        : this(0, null, "Unknown problem", null, new Dictionary<string, IReadOnlyList<string>>(), null)
    {
    }

    public MurekaProblemException(string message)
        : this(message, null)
    {
    }

    public MurekaProblemException(string message, Exception? innerException)
        : this(0, null, message, null, new Dictionary<string, IReadOnlyList<string>>(), null, innerException)
    {
    }

    /// <summary>The HTTP status code (400, 401, 404, 409, 413, 429, 503, ...).</summary>
    public int Status { get; }

    /// <summary>The problem type URI, when the server sent one.</summary>
    public string? Type { get; }

    public string Title { get; }

    public string? Detail { get; }

    /// <summary>Field name (e.g. <c>bpm</c>, <c>duration_ms</c> or <c>body</c>) to its problems; empty unless validation failed.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Errors { get; }

    /// <summary>From <c>Retry-After</c> on 429 and 503: how long to wait before trying again.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The request's id (<c>request_id</c>, also the <c>Request-Id</c> header): quote it to support.</summary>
    public string? RequestId { get; init; }

    /// <summary>Reads the problem out of a generated-client exception (problem+json or any other body).</summary>
    public static MurekaProblemException From(MurekaApiException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var retryAfter = ReadRetryAfter(exception.Headers);
        if (exception is MurekaApiException<Problem> { Result: { } problem })
        {
            var errors = problem.Errors?.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)[.. e.Value], StringComparer.Ordinal)
                ?? new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            return new MurekaProblemException(exception.StatusCode, problem.Type, problem.Title, problem.Detail, errors, retryAfter, exception)
            {
                RequestId = problem.RequestId ?? ReadHeader(exception.Headers, "Request-Id"),
            };
        }

        return new MurekaProblemException(exception.StatusCode, null, $"HTTP {exception.StatusCode}", exception.Response, new Dictionary<string, IReadOnlyList<string>>(), retryAfter, exception)
        {
            RequestId = ReadHeader(exception.Headers, "Request-Id"),
        };
    }

    /// <summary>Reads the problem out of a response the helper sent itself (not through the generated client).</summary>
    internal static async Task<MurekaProblemException> FromResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var headers = response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        Problem? problem = null;
        try
        {
            problem = System.Text.Json.JsonSerializer.Deserialize<Problem>(body, MurekaApiClient.SharedJsonOptions);
        }
        catch (System.Text.Json.JsonException)
        {
            // Not a problem body (a proxy's error page): the generic exception below keeps it as the detail.
        }

        var status = (int)response.StatusCode;
        return From(problem is null
            ? new MurekaApiException($"HTTP {status}", status, body, headers, null)
            : new MurekaApiException<Problem>($"HTTP {status}", status, body, headers, problem, null));
    }

    internal static TimeSpan? ReadRetryAfter(IReadOnlyDictionary<string, IEnumerable<string>> headers) =>
        int.TryParse(ReadHeader(headers, "Retry-After"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? TimeSpan.FromSeconds(seconds) : null;

    private static string? ReadHeader(IReadOnlyDictionary<string, IEnumerable<string>> headers, string header) =>
        headers.FirstOrDefault(h => string.Equals(h.Key, header, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    private static string Describe(int status, string title, string? detail, IReadOnlyDictionary<string, IReadOnlyList<string>> errors)
    {
        var text = detail is null ? $"{status} {title}" : $"{status} {title}: {detail}";
        return errors.Count == 0 ? text : text + " (" + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")) + ")";
    }
}
