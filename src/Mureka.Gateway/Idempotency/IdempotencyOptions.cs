namespace Mureka.Gateway.Idempotency;

/// <summary>The <c>Gateway:Idempotency</c> section.</summary>
public sealed class IdempotencyOptions
{
    public const string SectionName = "Gateway:Idempotency";

    /// <summary>How long a key and its first response are kept (Stripe: 24 hours).</summary>
    public TimeSpan KeyTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a request owns its key while it runs. Longer than any request (a <c>Prefer: wait</c> is at most
    /// 60 s); after it a retry takes the key over, which is how a gateway that died mid-request is recovered.
    /// </summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often expired keys are deleted; until then they are ignored.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(10);
}
