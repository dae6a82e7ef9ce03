namespace Mureka.Gateway.Problems;

/// <summary>Every problem <c>type</c> the API answers with: one per HTTP status it uses, and a few more precise ones.</summary>
public static class ProblemTypes
{
    public const string PathPrefix = "/docs/problems/";

    public static readonly ProblemType InvalidRequest = new(
        "invalid-request", 400, "The request is invalid.",
        "A field, query parameter or header is missing, malformed or out of range; or the body is not valid JSON.",
        "Read errors: it names every invalid field with its problems at once. Fix them and send the request again.");

    public static readonly ProblemType Unauthorized = new(
        "unauthorized", 401, "Unauthorized",
        "The API key is missing, malformed, unknown or revoked.",
        "Send a valid key as Authorization: Bearer mk_live_… (or mk_test_… for test mode).");

    public static readonly ProblemType QuotaExceeded = new(
        "quota-exceeded", 402, "The plan's rendered-seconds quota is exhausted.",
        "The generation would take the plan over its rendered seconds for this billing period; nothing was stored.",
        "Wait until resets_at (Retry-After says how long), render shorter tracks, or move to a plan with more seconds or overage billing.");

    public static readonly ProblemType Forbidden = new(
        "forbidden", 403, "Forbidden",
        "The API key is valid but may not do this.",
        "Use a key that is allowed to perform the operation.");

    public static readonly ProblemType MissingScope = new(
        "missing-scope", 403, "The API key lacks a scope this operation needs.",
        "Every operation needs one scope (generate, read, webhooks or keys) and the key was made without it; required_scope names it.",
        "Use a key with that scope, or create one (POST /v1/api-keys, with a key that has the keys scope and the scope itself).");

    public static readonly ProblemType DownloadLinkInvalid = new(
        "download-link-invalid", 403, "The download link is not valid.",
        "The token in /v1/downloads/{token} is malformed or was not signed by this API (truncated when copied, or edited).",
        "Use the download_url exactly as a generation returned it, or download with the API key from the audio object's url.");

    public static readonly ProblemType DownloadLinkExpired = new(
        "download-link-expired", 403, "The download link has expired.",
        "A download_url works for a limited time (an hour unless the operator set otherwise), stated in download_expires_at.",
        "Read the generation again: every read returns fresh links.");

    public static readonly ProblemType NotFound = new(
        "not-found", 404, "Not found",
        "Nothing exists at this path, or the resource belongs to another account.",
        "Check the id and the path; the operations are listed in /openapi/v1.yaml.");

    public static readonly ProblemType MethodNotAllowed = new(
        "method-not-allowed", 405, "Method not allowed",
        "The path exists but does not accept this HTTP method.",
        "Use a method the operation accepts; the operations are listed in /openapi/v1.yaml.");

    public static readonly ProblemType NotAcceptable = new(
        "not-acceptable", 406, "Not acceptable",
        "The Accept header asks for a representation the API does not produce.",
        "Accept application/json (errors come as application/problem+json) or audio for downloads.");

    public static readonly ProblemType Conflict = new(
        "conflict", 409, "Conflict",
        "The resource is not in a state that allows this operation (e.g. cancelling a finished generation, downloading audio that is not rendered yet).",
        "Read the resource again and act on its current state.");

    public static readonly ProblemType IdempotencyKeyInUse = new(
        "idempotency-key-in-use", 409, "A request with this Idempotency-Key is in progress.",
        "The first request sent with this Idempotency-Key has not finished yet.",
        "Retry later with the same key: you then receive the first request's response.");

    public static readonly ProblemType Gone = new(
        "gone", 410, "Gone",
        "The resource existed but is no longer kept.",
        "Create it again.");

    public static readonly ProblemType AudioExpired = new(
        "audio-expired", 410, "The audio has expired.",
        "A generation's audio is kept for a retention period after it was rendered; this one's has passed.",
        "Download audio within its retention period, or create the generation again (the same seed gives the same track).");

    public static readonly ProblemType BodyTooLarge = new(
        "body-too-large", 413, "The request body is too large.",
        "The body is larger than the operation accepts (64 KiB for generations, 16 KiB for webhook endpoints).",
        "Send a smaller body.");

    public static readonly ProblemType UnsupportedMediaType = new(
        "unsupported-media-type", 415, "Unsupported media type.",
        "The body is not labelled application/json.",
        "Send the body with Content-Type: application/json.");

    public static readonly ProblemType RangeNotSatisfiable = new(
        "range-not-satisfiable", 416, "Range not satisfiable",
        "The Range header asks for bytes outside the file.",
        "Ask for a range within the file's size (Content-Range: bytes */SIZE says it).");

    public static readonly ProblemType IdempotencyKeyReused = new(
        "idempotency-key-reused", 422, "The Idempotency-Key was used for a different request.",
        "This Idempotency-Key was first sent with another method, path or body.",
        "Use a new key for a new request; reuse a key only to retry the very same request.");

    public static readonly ProblemType RateLimited = new(
        "rate-limited", 429, "Too many requests.",
        "The API key sent more requests per minute than its plan allows, or the caller's address sent too many requests with a missing or invalid key.",
        "Wait Retry-After seconds; the RateLimit headers on every response say how much is left.");

    public static readonly ProblemType ConcurrencyLimit = new(
        "concurrency-limit", 429, "Too many generations are running at once.",
        "The plan's limit of queued plus running generations is reached; nothing was stored.",
        "Wait for a generation to finish (Retry-After is a hint), cancel one, or move to a larger plan.");

    public static readonly ProblemType QueueFull = new(
        "queue-full", 429, "Too many generations are queued.",
        "The model's queue is full across all customers; nothing was stored.",
        "Retry after Retry-After seconds, with the same Idempotency-Key.");

    public static readonly ProblemType InternalError = new(
        "internal-error", 500, "Internal server error",
        "The service failed unexpectedly; nothing the request did was half-written.",
        "Retry with the same Idempotency-Key; if it persists, contact support with the request_id.");

    public static readonly ProblemType ServiceUnavailable = new(
        "service-unavailable", 503, "The service is temporarily unavailable.",
        "The service cannot reach its database (a restart or failover).",
        "Retry after Retry-After seconds; a POST retried with the same Idempotency-Key never creates a second job.");

    public static readonly ProblemType NoCapacity = new(
        "no-capacity", 503, "No inference capacity is available.",
        "No inference host is serving the model right now; nothing was stored.",
        "Retry after Retry-After seconds, with the same Idempotency-Key.");

    /// <summary>Each documented type once, in status order.</summary>
    public static IReadOnlyList<ProblemType> All { get; } =
    [
        InvalidRequest, Unauthorized, QuotaExceeded, Forbidden, MissingScope, DownloadLinkInvalid, DownloadLinkExpired, NotFound, MethodNotAllowed, NotAcceptable, Conflict,
        IdempotencyKeyInUse, Gone, AudioExpired, BodyTooLarge, UnsupportedMediaType, RangeNotSatisfiable,
        IdempotencyKeyReused, RateLimited, ConcurrencyLimit, QueueFull, InternalError, ServiceUnavailable, NoCapacity,
    ];

    private static readonly Dictionary<string, ProblemType> BySlug = All.ToDictionary(t => t.Slug, StringComparer.Ordinal);

    // The general type of each status: the first in All with that status.
    private static readonly Dictionary<int, ProblemType> ByStatus = All.GroupBy(t => t.Status).ToDictionary(g => g.Key, g => g.First());

    public static ProblemType? FindBySlug(string slug) => BySlug.GetValueOrDefault(slug);

    /// <summary>The general type for a status; a status the API does not use maps to the nearest class (4xx or 5xx).</summary>
    public static ProblemType ForStatus(int status) =>
        ByStatus.GetValueOrDefault(status) ?? (status >= 500 ? InternalError : InvalidRequest);
}
