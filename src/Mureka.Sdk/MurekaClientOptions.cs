namespace Mureka.Sdk;

/// <summary>How <see cref="MurekaClient"/> waits and retries.</summary>
public sealed class MurekaClientOptions
{
    /// <summary>First pause between status polls; it grows by half each time up to <see cref="MaxPollInterval"/>.</summary>
    public TimeSpan InitialPollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a create refused with 429 or 503 is tried again (after <c>Retry-After</c>); nothing is stored on those answers.</summary>
    public int MaxCreateRetries { get; set; } = 5;

    /// <summary>Used when a 429 or 503 carries no <c>Retry-After</c>.</summary>
    public TimeSpan DefaultRetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Give up waiting (the job keeps running on the server) after this long.</summary>
    public TimeSpan WaitTimeout { get; set; } = TimeSpan.FromMinutes(10);

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
