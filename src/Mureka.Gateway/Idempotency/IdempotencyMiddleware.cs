using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Mureka.Gateway.Auth;
using Mureka.Gateway.Data;
using Mureka.Gateway.Problems;

namespace Mureka.Gateway.Idempotency;

/// <summary>
/// Stripe's <c>Idempotency-Key</c> for every authenticated <c>POST /v1/…</c>: the same key with the same
/// request replays the first response (<c>Idempotent-Replayed: true</c>); with a different request it is
/// refused (422); while the first is still running, 409. A request refused before it ran (400, 401, 403,
/// 413, 415, 422, 429) frees the key. A 5xx or a failure stores no response but keeps the reservation
/// unlocked, so a retry of the same request runs again and finds any job the first attempt stored.
/// </summary>
public sealed partial class IdempotencyMiddleware(
    RequestDelegate next,
    IdempotencyRepository repository,
    IProblemDetailsService problems,
    IOptions<IdempotencyOptions> options,
    IOptions<GatewayOptions> gatewayOptions,
    DatabaseAvailability database,
    TimeProvider timeProvider,
    ILogger<IdempotencyMiddleware> logger)
{
    private static readonly string[] ReplayedHeaders = ["Content-Type", "Location", "Preference-Applied"];
    private static readonly HashSet<int> RefusedBeforeRunning = [400, 401, 403, 408, 413, 415, 422, 429];

    public async Task InvokeAsync(HttpContext context)
    {
        if (!Applies(context))
        {
            await next(context);
            return;
        }

        var values = context.Request.Headers[IdempotencyKeyHeader.Name].ToArray();
        if (values.Length == 0)
        {
            await next(context);
            return;
        }

        if (IdempotencyKeyHeader.Validate(values!) is { } error)
        {
            await WriteProblemAsync(context, new ValidationProblemDetails(new Dictionary<string, string[]> { [IdempotencyKeyHeader.Name] = [error] })
            {
                Type = ProblemTypes.InvalidRequest.Uri,
                Status = StatusCodes.Status400BadRequest,
                Title = ProblemTypes.InvalidRequest.Title,
            });
            return;
        }

        var fingerprint = await FingerprintAsync(context.Request, gatewayOptions.Value.MaxRequestBodyBytes, context.RequestAborted);
        if (fingerprint is null)
        {
            // Too large: the endpoint refuses it with 413, which is never stored.
            await next(context);
            return;
        }

        var key = values[0]!;
        var tenantId = context.Caller().TenantId;
        var reservation = await repository.ReserveAsync(tenantId, key, fingerprint, timeProvider.GetUtcNow(), options.Value, context.RequestAborted);
        switch (reservation)
        {
            case Reservation.Completed completed:
                await ReplayAsync(context, completed.Record);
                return;
            case Reservation.Mismatch:
                await WriteProblemAsync(context, new ProblemDetails
                {
                    Type = ProblemTypes.IdempotencyKeyReused.Uri,
                    Status = ProblemTypes.IdempotencyKeyReused.Status,
                    Title = ProblemTypes.IdempotencyKeyReused.Title,
                    Detail = "This key was first sent with another method, path or body. Use a new key for a new request.",
                });
                return;
            case Reservation.InProgress:
                await WriteProblemAsync(context, new ProblemDetails
                {
                    Type = ProblemTypes.IdempotencyKeyInUse.Uri,
                    Status = ProblemTypes.IdempotencyKeyInUse.Status,
                    Title = ProblemTypes.IdempotencyKeyInUse.Title,
                    Detail = "The first request with this key has not finished yet. Retry later with the same key to get its response.",
                });
                return;
            case Reservation.Acquired acquired:
                await RunAndStoreAsync(context, tenantId, key, acquired.ReservationId);
                return;
        }
    }

    /// <summary>
    /// Authenticated POSTs under /v1: endpoints that require an API key and are not anonymous (webhook receivers),
    /// except those whose response holds a secret that must not be stored.
    /// </summary>
    internal static bool Covers(string? method, string path, IReadOnlyList<object> metadata) =>
        HttpMethods.IsPost(method ?? "")
        && (path.StartsWith("/v1/", StringComparison.OrdinalIgnoreCase) || path.StartsWith("/v{version}/", StringComparison.OrdinalIgnoreCase))
        && metadata.OfType<IAuthorizeData>().Any()
        && !metadata.OfType<IAllowAnonymous>().Any()
        && !metadata.OfType<SecretInResponseAttribute>().Any();

    private static bool Applies(HttpContext context) =>
        context.GetEndpoint() is { } endpoint
        && Covers(context.Request.Method, context.Request.Path.Value ?? "", endpoint.Metadata)
        && context.User.Identity?.IsAuthenticated == true
        && context.TryGetCaller(out _);

    private async Task RunAndStoreAsync(HttpContext context, Guid tenantId, string key, Guid reservationId)
    {
        context.Features.Set(new IdempotencyFeature(reservationId));
        var original = context.Response.Body;
        using var captured = new MemoryStream();
        context.Response.Body = captured;
        var outcome = Outcome.Unlock;
        try
        {
            await next(context);
            var status = context.Response.StatusCode;
            if (RefusedBeforeRunning.Contains(status))
            {
                outcome = Outcome.Release;
            }
            else if (status < 500)
            {
                var headers = ReplayedHeaders
                    .Where(h => context.Response.Headers.ContainsKey(h))
                    .ToDictionary(h => h, h => context.Response.Headers[h].ToString());
                // Not the request's token: the response must be stored even when the caller has gone away.
                await repository.CompleteAsync(tenantId, key, reservationId, status, JsonSerializer.Serialize(headers), captured.ToArray(), CancellationToken.None);
                outcome = Outcome.Stored;
            }
        }
        finally
        {
            context.Response.Body = original;
            if (outcome != Outcome.Stored)
            {
                await EndReservationQuietlyAsync(tenantId, key, reservationId, outcome);
            }
        }

        captured.Position = 0;
        await captured.CopyToAsync(original, context.RequestAborted);
    }

    private async Task EndReservationQuietlyAsync(Guid tenantId, string key, Guid reservationId, Outcome outcome)
    {
        try
        {
            if (outcome == Outcome.Release)
            {
                await repository.ReleaseAsync(tenantId, key, reservationId, CancellationToken.None);
            }
            else
            {
                await repository.UnlockAsync(tenantId, key, reservationId, timeProvider.GetUtcNow(), CancellationToken.None);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The lock times out on its own; a retry after that takes the key over. During an outage every
            // request would fail here, and DatabaseAvailability has already said so once.
            if (!database.ReportFailure(e))
            {
                LogReleaseFailed(logger, e);
            }
        }
    }

    private static async Task ReplayAsync(HttpContext context, IdempotencyRecord record)
    {
        context.Response.StatusCode = record.ResponseStatus ?? StatusCodes.Status200OK;
        var headers = JsonSerializer.Deserialize<Dictionary<string, string>>(record.ResponseHeaders ?? "{}") ?? [];
        foreach (var (name, value) in headers)
        {
            context.Response.Headers[name] = value;
        }

        context.Response.Headers[IdempotencyKeyHeader.ReplayedHeader] = "true";
        var body = record.ResponseBody ?? [];
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>SHA-256 over method, path, query and body; null when the body is over the limit.</summary>
    private static async Task<byte[]?> FingerprintAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method}\n{request.Path}\n{request.QueryString}\n"));
        var chunk = new byte[16 * 1024];
        long total = 0;
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            total += read;
            if (total > limit)
            {
                request.Body.Position = 0;
                return null;
            }

            hash.AppendData(chunk, 0, read);
        }

        request.Body.Position = 0;
        return hash.GetHashAndReset();
    }

    private async Task WriteProblemAsync(HttpContext context, ProblemDetails problem)
    {
        context.Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    private enum Outcome
    {
        /// <summary>The response is kept for replays.</summary>
        Stored,

        /// <summary>Refused before it ran: the key is free for any request.</summary>
        Release,

        /// <summary>A 5xx, an exception or a caller that went away: the same request may retry at once.</summary>
        Unlock,
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release an idempotency key; it frees itself when its lock times out")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception);
}
