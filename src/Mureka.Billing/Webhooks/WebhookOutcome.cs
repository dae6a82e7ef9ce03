namespace Mureka.Billing.Webhooks;

public enum WebhookOutcome
{
    /// <summary>Verified and applied.</summary>
    Applied,

    /// <summary>Verified; an event id seen before, or one that changes nothing here (unknown type or customer, older than what was applied).</summary>
    Ignored,

    /// <summary>Missing, malformed, wrong or stale signature: nothing was changed.</summary>
    InvalidSignature,

    /// <summary>No webhook secret configured.</summary>
    NotConfigured,
}
