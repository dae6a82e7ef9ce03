using System.Text.Json;
using Mureka.Webhooks;

namespace Mureka.Sdk;

/// <summary>
/// For webhook receivers: checks <c>Mureka-Signature</c> over the raw body and reads the event, like Stripe's
/// <c>ConstructEvent</c>. Pass the body exactly as received; re-serialised JSON does not verify.
/// </summary>
public static class MurekaWebhooks
{
    /// <summary>The header that carries the signature (<c>Mureka-Signature</c>).</summary>
    public const string SignatureHeader = WebhookHeaders.Signature;

    /// <summary>True when the event was signed with <paramref name="secret"/> within the tolerance (5 minutes unless given).</summary>
    public static bool VerifySignature(string secret, string? signatureHeader, ReadOnlySpan<byte> body, TimeSpan? tolerance = null, TimeProvider? time = null) =>
        WebhookSignature.Verify(secret, signatureHeader, body, (time ?? TimeProvider.System).GetUtcNow(), tolerance ?? WebhookSignature.DefaultTolerance);

    /// <summary>Verifies the signature, then reads the event.</summary>
    /// <exception cref="MurekaWebhookSignatureException">The signature is missing, wrong or too old; answer 400 and ignore the body.</exception>
    public static WebhookEvent ConstructEvent(ReadOnlySpan<byte> body, string? signatureHeader, string secret, TimeSpan? tolerance = null, TimeProvider? time = null)
    {
        if (!VerifySignature(secret, signatureHeader, body, tolerance, time))
        {
            throw new MurekaWebhookSignatureException();
        }

        return JsonSerializer.Deserialize<WebhookEvent>(body, MurekaApiClient.SharedJsonOptions)
            ?? throw new MurekaWebhookSignatureException("The signed body is not a webhook event.");
    }
}

/// <summary>A webhook request whose <c>Mureka-Signature</c> does not verify: not from Mureka, altered, or replayed late.</summary>
public sealed class MurekaWebhookSignatureException : Exception
{
    public MurekaWebhookSignatureException()
        : base("The Mureka-Signature header does not verify against the body and the endpoint's secret (or is older than the tolerance).")
    {
    }

    public MurekaWebhookSignatureException(string message)
        : base(message)
    {
    }

    public MurekaWebhookSignatureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
