using Stripe;
using Stripe.Checkout;

namespace UcPortal.Web.Features.Billing;

/// <summary>Turns a verified Stripe event into the portal's own <see cref="BillingEventData"/>.
/// Null for the event types the portal does not act on.</summary>
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
            _ => null,
        };
    }

    /// <summary>True for a live key, false for a test key, null when the key's kind cannot be told.</summary>
    public static bool? IsLiveKey(string secretKey) =>
        secretKey.StartsWith("sk_live_", StringComparison.Ordinal) || secretKey.StartsWith("rk_live_", StringComparison.Ordinal) ? true
        : secretKey.StartsWith("sk_test_", StringComparison.Ordinal) || secretKey.StartsWith("rk_test_", StringComparison.Ordinal) ? false
        : null;
}
