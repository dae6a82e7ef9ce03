using System.Net;

namespace Mureka.Sdk;

/// <summary>
/// Sends a GET or HEAD again after a network error or a 429, 502, 503 or 504 answer, after <c>Retry-After</c> or an
/// exponential backoff with jitter. Writes pass through untouched: a create retries with its <c>Idempotency-Key</c>
/// in <see cref="MurekaClient.CreateAsync(GenerationRequest, CancellationToken)"/> instead.
/// </summary>
public sealed class ReadRetryHandler : DelegatingHandler
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(8);

    // A longer Retry-After (a quota that resets hours later) is the caller's decision, not a hidden wait.
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(10);
    private readonly MurekaClientOptions _options;

    public ReadRetryHandler(MurekaClientOptions? options = null) => _options = options ?? new MurekaClientOptions();

    public ReadRetryHandler(HttpMessageHandler innerHandler, MurekaClientOptions? options = null)
        : base(innerHandler) => _options = options ?? new MurekaClientOptions();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Method != HttpMethod.Get && request.Method != HttpMethod.Head)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        for (var attempt = 0; ; attempt++)
        {
            HttpResponseMessage? response = null;
            try
            {
                response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (!IsRetried(response.StatusCode) || attempt >= _options.MaxReadRetries || response.Headers.RetryAfter?.Delta > MaxRetryAfter)
                {
                    return response;
                }
            }
            catch (HttpRequestException) when (attempt < _options.MaxReadRetries && !cancellationToken.IsCancellationRequested)
            {
                // A refused or broken connection: sent again below.
            }

            var wait = response?.Headers.RetryAfter?.Delta ?? Backoff(attempt);
            response?.Dispose();
            await Task.Delay(wait, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsRetried(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private TimeSpan Backoff(int attempt)
    {
        var full = Math.Min(_options.InitialReadRetryDelay.TotalMilliseconds * Math.Pow(2, attempt), MaxBackoff.TotalMilliseconds);
        // Half fixed, half random: clients that failed together do not come back together.
#pragma warning disable CA5394 // jitter, not security
        return TimeSpan.FromMilliseconds(full / 2 + Random.Shared.NextDouble() * full / 2);
#pragma warning restore CA5394
    }
}
