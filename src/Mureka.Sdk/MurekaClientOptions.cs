namespace Mureka.Sdk;

/// <summary>How <see cref="MurekaClient"/> waits and retries.</summary>
public sealed class MurekaClientOptions
{
    /// <summary>The pause before a broken event stream is reopened while waiting.</summary>
    public TimeSpan InitialPollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    [Obsolete("Unused: WaitAsync follows the generation's event stream instead of polling.")]
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a create refused with 429 or 503 is tried again (after <c>Retry-After</c>); nothing is stored on those answers.</summary>
    public int MaxCreateRetries { get; set; } = 5;

    /// <summary>Used when a 429 or 503 carries no <c>Retry-After</c>.</summary>
    public TimeSpan DefaultRetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Give up waiting (the job keeps running on the server) after this long.</summary>
    public TimeSpan WaitTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often a read (GET) that hit a network error, 429 or 502–504 is sent again (<see cref="ReadRetryHandler"/>); 0 turns it off.</summary>
    public int MaxReadRetries { get; set; } = 3;

    /// <summary>The first backoff of a read retry without <c>Retry-After</c>; doubled each time, at most 8 s.</summary>
    public TimeSpan InitialReadRetryDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
