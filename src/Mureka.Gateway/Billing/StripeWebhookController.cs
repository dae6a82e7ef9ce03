using System.Text;
using Asp.Versioning;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Mureka.Billing.Webhooks;
using Mureka.Gateway.Generations;
using Mureka.Gateway.Problems;

namespace Mureka.Gateway.Billing;

/// <summary>
/// Stripe's webhook endpoint. Anonymous: the <c>Stripe-Signature</c> header over the raw body is the
/// authentication, so the body is read as bytes and verified before anything is parsed or changed.
/// </summary>
[ApiController]
[ApiVersion(1.0)]
[AllowAnonymous]
[Route("v{version:apiVersion}/billing/stripe/webhook")]
public sealed class StripeWebhookController(StripeWebhookHandler handler) : ControllerBase
{
    // Stripe's event payloads are a few KiB; a generous cap still stops anyone streaming junk at an open endpoint.
    private const int MaxBodyBytes = 512 * 1024;

    [HttpPost]
    [EndpointName("receiveStripeWebhook")]
    [EndpointSummary("Receive a Stripe webhook event (subscription changes, failed and paid invoices)")]
    [Tags("billing")]
    [ProducesResponseType<StripeWebhookAck>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
    public async Task<IActionResult> Receive(CancellationToken cancellationToken)
    {
        string payload;
        try
        {
            payload = await ReadBodyAsync(cancellationToken);
        }
        catch (BodyTooLargeException e)
        {
            return ProblemResults.Problem(ProblemTypes.BodyTooLarge, e.Message);
        }

        var outcome = await handler.HandleAsync(payload, Request.Headers["Stripe-Signature"].ToString(), cancellationToken);
        return outcome switch
        {
            WebhookOutcome.InvalidSignature => InvalidSignature(),
            // Stripe keeps retrying a failed delivery for days, which is what we want while the secret is being configured.
            WebhookOutcome.NotConfigured => ProblemResults.Problem(
                ProblemTypes.ServiceUnavailable, "Set Billing:Stripe:WebhookSecret or STRIPE_WEBHOOK_SECRET.", "Stripe webhooks are not configured."),
            _ => Ok(new StripeWebhookAck(true, outcome == WebhookOutcome.Applied)),
        };
    }

    /// <summary>A validation problem, so the one input at fault is named like any other bad field.</summary>
    private static ObjectResult InvalidSignature()
    {
        const string Detail = "The Stripe-Signature header is missing, does not match the body, or is too old.";
        return new ObjectResult(new ValidationProblemDetails(new Dictionary<string, string[]> { ["Stripe-Signature"] = [Detail] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The Stripe signature is invalid.",
            Detail = Detail,
        })
        {
            StatusCode = StatusCodes.Status400BadRequest,
            ContentTypes = { "application/problem+json" },
        };
    }

    private async Task<string> ReadBodyAsync(CancellationToken cancellationToken)
    {
        if (Request.ContentLength > MaxBodyBytes)
        {
            throw new BodyTooLargeException($"The body is larger than {MaxBodyBytes} bytes.");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await Request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw new BodyTooLargeException($"The body is larger than {MaxBodyBytes} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}

/// <summary>What the webhook answers Stripe: received, and whether it changed anything.</summary>
public sealed record StripeWebhookAck(bool Received, bool Applied);
