namespace Mureka.Gateway.Auth;

/// <summary>
/// The <c>Gateway:AuthThrottle</c> section: how many requests without a valid API key one client address may
/// make before it is answered 429 without any database work, and how many keys not seen valid lately it may
/// have looked up at once. Requests with a valid key are never counted, and never refused for the budget
/// unless their key is new to this replica while the address's budget is spent (or its lookup queue full).
/// Together the two bound a key sprayer to <see cref="RefusalsPerMinute"/> + <see cref="MaxConcurrentLookups"/>
/// database lookups a minute per address per replica, however many requests it sends at once.
/// </summary>
public sealed class AuthThrottleOptions
{
    public const string SectionName = "Gateway:AuthThrottle";

    /// <summary>False counts nothing and refuses nothing here (per-key limits still apply to valid keys).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Refused or missing credentials allowed per client address per minute, also the burst: a client that
    /// mistypes its key a few times is never affected. A key is charged when the database refuses it, so a
    /// lookup starts only while the bucket still holds a token; with <see cref="MaxConcurrentLookups"/> the
    /// lookups already running when it empties, a key sprayer costs the database at most this many plus
    /// <see cref="MaxConcurrentLookups"/> lookups a minute per address (per replica).
    /// </summary>
    public int RefusalsPerMinute { get; set; } = 20;

    /// <summary>
    /// Lookups of keys not seen valid lately that one client address may have running at once (per replica).
    /// Valid keys take no tokens, so this is what keeps a sprayer's concurrent requests from all passing the
    /// bucket check before the first refusal is charged: past it requests wait their turn (up to
    /// <see cref="AuthThrottle.LookupQueueLimit"/> per address, oldest first) rather than fail, so a burst of
    /// distinct valid keys from one address (a reseller with a key per tenant, a fresh replica) is served.
    /// </summary>
    public int MaxConcurrentLookups { get; set; } = 4;

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
