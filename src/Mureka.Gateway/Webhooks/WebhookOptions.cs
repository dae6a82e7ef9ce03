namespace Mureka.Gateway.Webhooks;

/// <summary>Everything under <c>Gateway:Webhooks</c>.</summary>
public sealed class WebhookOptions
{
    public const string SectionName = GatewayOptions.SectionName + ":Webhooks";

    /// <summary>
    /// Lets endpoints use <c>http://</c> on loopback hosts and lets deliveries reach loopback addresses (tests and
    /// the local stack). Off in production: deliveries then refuse loopback, private, link-local and other
    /// non-public destinations, checked on the addresses actually connected to.
    /// </summary>
    public bool AllowInsecureLoopback { get; set; }

    /// <summary>Endpoints one tenant may register.</summary>
    public int MaxEndpointsPerTenant { get; set; } = 16;

    /// <summary>Attempts per (event, endpoint) before the delivery is marked failed.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Wait after the first failed attempt; doubled after each further one (3 min → 10 attempts span about 25 h).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Longest wait between two attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Each wait is scaled by a random factor in [1 − j, 1 + j], so endpoints that failed together do not retry together.</summary>
    public double RetryJitter { get; set; } = 0.2;

    /// <summary>Whole request, connect to last response header.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the delivery worker looks for due deliveries.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Deliveries one poll claims and sends concurrently.</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>False: events are still recorded, but this replica sends nothing.</summary>
    public bool DeliveryEnabled { get; set; } = true;
}
