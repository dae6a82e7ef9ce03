using System.Net;
using Stripe;

namespace Mureka.Billing.Stripe;

/// <summary>Whether a failed Stripe request may succeed when repeated.</summary>
public enum FailureKind
{
    /// <summary>Stripe down, overloaded, rate limiting, a timeout or a lost connection: retry with backoff.</summary>
    Transient,

    /// <summary>Stripe understood the request and refused it (bad parameters, unknown customer): retrying changes nothing.</summary>
    Permanent,
}

public static class StripeFailure
{
    /// <summary>
    /// 400 and 404 are permanent; everything else is retried. 401/403 are deliberately transient: a revoked or
    /// mistyped key is an operator's mistake to fix, and the events must still be there when it is fixed.
    /// </summary>
    public static FailureKind Classify(Exception exception) => exception switch
    {
        StripeException { HttpStatusCode: HttpStatusCode.BadRequest or HttpStatusCode.NotFound } => FailureKind.Permanent,
        _ => FailureKind.Transient,
    };

    /// <summary>A short description for logs and <c>last_error</c>; never the request itself (it carries the key).</summary>
    public static string Describe(Exception exception) => exception switch
    {
        StripeException { StripeError: { } error } s => $"stripe {(int)s.HttpStatusCode}: {error.Type} {error.Code} {error.Message}".Trim(),
        StripeException s => $"stripe {(int)s.HttpStatusCode}: {s.Message}",
        TaskCanceledException or OperationCanceledException => "stripe request timed out",
        _ => $"{exception.GetType().Name}: {exception.Message}",
    };
}
