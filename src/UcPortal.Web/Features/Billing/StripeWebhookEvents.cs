using Stripe;
using Stripe.Checkout;

namespace UcPortal.Web.Features.Billing;

/// <summary>Turns a verified Stripe event into the portal's own <see cref="BillingEventData"/>.
/// Null for the events the portal does not act on.</summary>
public static class StripeWebhookEvents
{
    public static readonly IReadOnlySet<string> Handled = new HashSet<string>
    {
        BillingEventTypes.CheckoutCompleted,
        BillingEventTypes.InvoicePaid,
        BillingEventTypes.InvoicePaymentFailed,
        BillingEventTypes.SubscriptionUpdated,
        BillingEventTypes.SubscriptionDeleted,
    };

    public static BillingEventData? ToBillingEvent(Event stripeEvent)
    {
        var created = DateTime.SpecifyKind(stripeEvent.Created, DateTimeKind.Utc);
        const string provider = StripePaymentProvider.ProviderName;
        return (stripeEvent.Type, stripeEvent.Data?.Object) switch
        {
            (BillingEventTypes.CheckoutCompleted, Session session) when session.Mode == "subscription" => new CheckoutCompleted(
                stripeEvent.Id, provider, created, session.Id,
                Guid.TryParse(session.ClientReferenceId, out var tenantId) ? tenantId : StripePaymentProvider.TenantIdOf(session.Metadata),
                session.CustomerId, session.SubscriptionId),
            (BillingEventTypes.InvoicePaid or BillingEventTypes.InvoicePaymentFailed, Invoice invoice) => new InvoiceEvent(
                stripeEvent.Id, provider, stripeEvent.Type, created, StripePaymentProvider.ToSnapshot(invoice)),
            (BillingEventTypes.SubscriptionUpdated or BillingEventTypes.SubscriptionDeleted, Subscription sub) => new SubscriptionChanged(
                stripeEvent.Id, provider, stripeEvent.Type, created, sub.Id, sub.CustomerId, StripePaymentProvider.TenantIdOf(sub.Metadata)),
            // One-off payments are not ours to act on: the portal sells subscriptions only.
            (BillingEventTypes.CheckoutCompleted, Session) => null,
            // A handled type without its object means Stripe.net could not read it: fail loudly so Stripe retries.
            _ when Handled.Contains(stripeEvent.Type) => throw new InvalidOperationException(
                $"Stripe event {stripeEvent.Id} ({stripeEvent.Type}) carries {stripeEvent.Data?.Object?.GetType().Name ?? "no object"}, not the object its type promises"),
            _ => null,
        };
    }

    /// <summary>True for a live key, false for a test key, null when the key's kind cannot be told.</summary>
    public static bool? IsLiveKey(string secretKey) =>
        secretKey.StartsWith("sk_live_", StringComparison.Ordinal) || secretKey.StartsWith("rk_live_", StringComparison.Ordinal) ? true
        : secretKey.StartsWith("sk_test_", StringComparison.Ordinal) || secretKey.StartsWith("rk_test_", StringComparison.Ordinal) ? false
        : null;
}
