namespace Mureka.Gateway.Webhooks;

/// <summary>Exponential backoff with jitter between delivery attempts.</summary>
public static class WebhookBackoff
{
    /// <returns>When attempt <paramref name="attempt"/> + 1 is due, or null when <paramref name="attempt"/> was the last one allowed.</returns>
    /// <param name="random">A value in [0, 1), drawn by the caller so tests can pin it.</param>
    public static DateTimeOffset? NextAttemptAt(int attempt, DateTimeOffset now, WebhookOptions options, double random)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (attempt >= options.MaxAttempts)
        {
            return null;
        }

        var exponent = Math.Min(attempt - 1, 30);
        var delay = Math.Min(options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, exponent), options.MaxRetryDelay.TotalMilliseconds);
        var jitter = 1 + (options.RetryJitter * ((2 * random) - 1));
        return now + TimeSpan.FromMilliseconds(delay * jitter);
    }
}
