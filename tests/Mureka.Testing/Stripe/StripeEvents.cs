using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Mureka.Testing.Stripe;

/// <summary>Stripe webhook payloads and their <c>Stripe-Signature</c> headers, signed the way Stripe documents it.</summary>
public static class StripeEvents
{
    public const string Secret = "whsec_test_billing_secret";

    public static string Sign(string payload, DateTimeOffset at, string secret = Secret)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{payload}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(mac)}";
    }

    public static string Invoice(string eventId, string type, string customerId, DateTimeOffset created) =>
        Event(eventId, type, created, new Dictionary<string, object?> { ["id"] = "in_" + eventId, ["object"] = "invoice", ["customer"] = customerId });

    public static string Subscription(string eventId, string type, string customerId, string status, string? lookupKey, DateTimeOffset created, string? planMetadata = null) =>
        Event(eventId, type, created, new Dictionary<string, object?>
        {
            ["id"] = "sub_" + eventId,
            ["object"] = "subscription",
            ["customer"] = customerId,
            ["status"] = status,
            ["items"] = new Dictionary<string, object?>
            {
                ["object"] = "list",
                ["data"] = new[]
                {
                    new Dictionary<string, object?>
                    {
                        ["id"] = "si_" + eventId,
                        ["object"] = "subscription_item",
                        ["price"] = new Dictionary<string, object?>
                        {
                            ["id"] = "price_1", ["object"] = "price", ["lookup_key"] = lookupKey,
                            ["metadata"] = planMetadata is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["mureka_plan"] = planMetadata },
                        },
                    },
                },
            },
        });

    private static string Event(string eventId, string type, DateTimeOffset created, Dictionary<string, object?> data) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = eventId,
            ["object"] = "event",
            ["api_version"] = "2025-10-29.clover",
            ["created"] = created.ToUnixTimeSeconds(),
            ["type"] = type,
            ["livemode"] = false,
            ["data"] = new Dictionary<string, object?> { ["object"] = data },
        });
}
