using Mureka.Accounts;

namespace Mureka.Gateway.Auth;

/// <summary>What <see cref="ApiKeyAuthenticator.CheckAsync"/> found out about a well-formed key.</summary>
public enum KeyCheckOutcome
{
    /// <summary>Valid: <see cref="KeyCheck.Principal"/> says whose.</summary>
    Accepted,

    /// <summary>Unknown, revoked or suspended, said by the database now or within the refused-key cache's TTL.</summary>
    Refused,

    /// <summary>
    /// Not looked up: a key not seen valid lately, and its caller's address has spent its budget for requests
    /// without a valid key, or has too many such lookups waiting already.
    /// </summary>
    NotLookedUp,
}

public sealed record KeyCheck(KeyCheckOutcome Outcome, ApiKeyPrincipal? Principal)
{
    public static readonly KeyCheck Refused = new(KeyCheckOutcome.Refused, null);
    public static readonly KeyCheck NotLookedUp = new(KeyCheckOutcome.NotLookedUp, null);
}
