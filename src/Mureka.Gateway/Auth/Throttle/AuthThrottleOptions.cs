namespace Mureka.Gateway.Auth;

/// <summary>
/// The <c>Gateway:AuthThrottle</c> section: how many requests without a valid API key one client address may
/// make before it is answered 429 without any database work. Requests with a valid key are never counted.
/// </summary>
public sealed class AuthThrottleOptions
{
    public const string SectionName = "Gateway:AuthThrottle";

    /// <summary>False counts nothing and refuses nothing here (per-key limits still apply to valid keys).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Refused or missing credentials allowed per client address per minute, also the burst: a client that
    /// mistypes its key a few times is never affected, a key sprayer costs the database at most this many
    /// lookups a minute per address (per replica).
    /// </summary>
    public int RefusalsPerMinute { get; set; } = 20;

    /// <summary>
    /// Most client addresses tracked at once. Past it addresses share buckets (chosen by a per-process random
    /// hash), so memory stays bounded however many addresses an attacker uses (~0.5 KiB each at most).
    /// </summary>
    public int MaxTrackedClients { get; set; } = 65_536;

    /// <summary>
    /// IPv6 clients are counted by this prefix, since one host usually holds a whole /64. IPv4 addresses are
    /// counted one by one. The address is the connection's peer: behind a proxy, configure forwarded headers
    /// first, or every client behind it shares one budget.
    /// </summary>
    public int Ipv6PrefixLength { get; set; } = 64;
}
