using System.Net;
using Mureka.Gateway.Webhooks.Internal;
using Mureka.Spec;
using Mureka.Webhooks;

namespace Mureka.Gateway.Webhooks;

/// <summary>Checks an endpoint before it is stored; every problem is reported under its field.</summary>
internal static class WebhookEndpointValidator
{
    public const int MaxUrlLength = 2048;
    public const int MaxDescriptionLength = 500;

    public static List<FieldError> Validate(WebhookEndpointBody body, bool allowInsecureLoopback)
    {
        var errors = new List<FieldError>();
        ValidateUrl(body.Url, allowInsecureLoopback, errors);
        ValidateEvents(body.Events, errors);
        if (body.Description is { Length: > MaxDescriptionLength })
        {
            errors.Add(new FieldError("description", $"must be at most {MaxDescriptionLength} characters (got {body.Description.Length})"));
        }

        return errors;
    }

    private static void ValidateUrl(string? url, bool allowInsecureLoopback, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            errors.Add(new FieldError("url", "is required"));
            return;
        }

        if (url.Length > MaxUrlLength)
        {
            errors.Add(new FieldError("url", $"must be at most {MaxUrlLength} characters (got {url.Length})"));
            return;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || string.IsNullOrEmpty(uri.Host))
        {
            errors.Add(new FieldError("url", "must be an absolute https URL"));
            return;
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            errors.Add(new FieldError("url", "must not contain credentials; authenticate deliveries with the signature"));
        }

        if (!string.IsNullOrEmpty(uri.Fragment))
        {
            errors.Add(new FieldError("url", "must not contain a fragment"));
        }

        var ip = IPAddress.TryParse(uri.IdnHost, out var literal) ? literal : null;
        var loopback = DestinationPolicy.IsLoopbackName(uri.Host) || (ip is not null && IPAddress.IsLoopback(ip));
        if (uri.Scheme == "http" && !(loopback && allowInsecureLoopback))
        {
            errors.Add(new FieldError("url", "must use https"));
        }

        // A literal address or a loopback name can be refused now; other names are checked on every delivery.
        if ((ip is not null && !DestinationPolicy.IsAllowed(ip, allowInsecureLoopback)) || (loopback && !allowInsecureLoopback))
        {
            errors.Add(new FieldError("url", "must point to a public address (loopback, private, link-local and reserved ranges are refused)"));
        }
    }

    private static void ValidateEvents(IReadOnlyList<string?>? events, List<FieldError> errors)
    {
        if (events is null || events.Count == 0)
        {
            errors.Add(new FieldError("events", $"must list at least one event type: {string.Join(", ", WebhookEventTypes.All)}"));
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < events.Count; i++)
        {
            var type = events[i];
            if (type is null || !WebhookEventTypes.IsKnown(type))
            {
                var shown = type is null ? "null" : $"'{(type.Length > 64 ? type[..64] : type)}'";
                errors.Add(new FieldError($"events[{i}]", $"unknown event type {shown}; expected one of: {string.Join(", ", WebhookEventTypes.All)}"));
            }
            else if (!seen.Add(type))
            {
                errors.Add(new FieldError($"events[{i}]", $"'{type}' is listed twice"));
            }
        }
    }
}
