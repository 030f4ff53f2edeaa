using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Stripe;

namespace UcPortal.Web.Features.Billing;

/// <summary>Stripe's webhook. Only registered while the Stripe provider is active (see
/// <see cref="BillingSetup"/>). 400 means "not from Stripe, or not for us" and stores nothing;
/// 500 means "we could not apply it", so Stripe delivers it again later; 200 for everything else,
/// including event types we do not handle (not stored: Stripe's dashboard keeps the event log).</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[Route("webhooks/stripe")]
public sealed class StripeWebhookController(
    BillingEventProcessor processor,
    IOptions<StripeOptions> options,
    TimeProvider clock,
    ILogger<StripeWebhookController> log) : Controller
{
    /// <summary>Stripe's events are a few kilobytes; anything much larger is not one of them.</summary>
    private const int MaxBodyBytes = 512 * 1024;

    [HttpPost("")]
    [RequestSizeLimit(MaxBodyBytes)]
    public async Task<IActionResult> Receive(CancellationToken ct)
    {
        string json;
        using (var reader = new StreamReader(Request.Body, Encoding.UTF8))
        {
            json = await reader.ReadToEndAsync(ct);
        }
        var header = Request.Headers["Stripe-Signature"].ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return Refuse("missing Stripe-Signature header");
        }

        var stripe = options.Value;
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ConstructEvent(json, header, stripe.WebhookSecret, stripe.WebhookToleranceSeconds, now, throwOnApiVersionMismatch: false);
        }
        catch (StripeException)
        {
            return Refuse(IsStale(header, now, stripe.WebhookToleranceSeconds) ? "timestamp outside the tolerance (stale or replayed event)" : "signature does not match");
        }
        catch (Newtonsoft.Json.JsonException)
        {
            return Refuse("not a Stripe event");
        }

        // A test-mode event at a live portal (or the reverse) means the endpoint's secret belongs to the other mode.
        if (StripeWebhookEvents.IsLiveKey(stripe.SecretKey) is { } live && stripeEvent.Livemode != live)
        {
            log.LogWarning("Stripe event {EventId} is {Mode} but this portal uses a {KeyMode} key: refused", stripeEvent.Id,
                stripeEvent.Livemode ? "live" : "test", live ? "live" : "test");
            return Refuse($"livemode mismatch: a {(stripeEvent.Livemode ? "live" : "test")} event sent to a portal with a {(live ? "live" : "test")} key");
        }

        if (!StripeWebhookEvents.Handled.Contains(stripeEvent.Type))
        {
            return Content($"ignored: {stripeEvent.Type}", "text/plain");
        }

        try
        {
            if (StripeWebhookEvents.ToBillingEvent(stripeEvent) is not { } billingEvent)
            {
                return Content($"ignored: {stripeEvent.Type} (not a subscription)", "text/plain");
            }
            var result = await processor.ProcessAsync(billingEvent, ct);
            return Content(result switch
            {
                BillingEventResult.Applied => "applied",
                BillingEventResult.AlreadyProcessed => "already processed",
                _ => "ignored",
            }, "text/plain");
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            log.LogError(e, "Stripe event {EventId} ({Type}) could not be applied; Stripe will deliver it again", stripeEvent.Id, stripeEvent.Type);
            return StatusCode(StatusCodes.Status500InternalServerError, "could not apply the event; retry later");
        }
    }

    private BadRequestObjectResult Refuse(string reason)
    {
        log.LogWarning("Stripe webhook refused: {Reason}", reason);
        return BadRequest(reason);
    }

    private static bool IsStale(string header, long now, long tolerance)
    {
        foreach (var part in header.Split(','))
        {
            var pair = part.Split('=', 2);
            if (pair.Length == 2 && pair[0].Trim() == "t" && long.TryParse(pair[1], NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
            {
                return Math.Abs(now - timestamp) > tolerance;
            }
        }
        return false;
    }
}
