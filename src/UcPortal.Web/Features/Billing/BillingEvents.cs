namespace UcPortal.Web.Features.Billing;

/// <summary>A provider event in the portal's own terms. The Stripe webhook and the test-mode
/// checkout both turn their events into these and hand them to <see cref="BillingEventProcessor"/>,
/// so both drive exactly the same handlers.</summary>
public abstract record BillingEventData(string EventId, string Provider, string Type, DateTime CreatedUtc);

public sealed record CheckoutCompleted(string EventId, string Provider, DateTime CreatedUtc,
    string SessionId, Guid? TenantId, string? CustomerId, string? SubscriptionId)
    : BillingEventData(EventId, Provider, BillingEventTypes.CheckoutCompleted, CreatedUtc);

/// <summary>invoice.paid or invoice.payment_failed.</summary>
public sealed record InvoiceEvent(string EventId, string Provider, string Type, DateTime CreatedUtc, InvoiceSnapshot Invoice)
    : BillingEventData(EventId, Provider, Type, CreatedUtc);

/// <summary>customer.subscription.updated or .deleted. Only the ids are trusted: the handler
/// re-reads the subscription from the provider, because these arrive out of order.</summary>
public sealed record SubscriptionChanged(string EventId, string Provider, string Type, DateTime CreatedUtc,
    string SubscriptionId, string CustomerId, Guid? TenantId)
    : BillingEventData(EventId, Provider, Type, CreatedUtc);

/// <summary>A test-mode checkout the user declined (Stripe keeps the user on its page instead).</summary>
public sealed record CheckoutDeclined(string EventId, string Provider, DateTime CreatedUtc, string SessionId, string Message)
    : BillingEventData(EventId, Provider, BillingEventTypes.CheckoutDeclined, CreatedUtc);

public static class BillingEventTypes
{
    public const string CheckoutCompleted = "checkout.session.completed";
    public const string InvoicePaid = "invoice.paid";
    public const string InvoicePaymentFailed = "invoice.payment_failed";
    public const string SubscriptionUpdated = "customer.subscription.updated";
    public const string SubscriptionDeleted = "customer.subscription.deleted";
    public const string CheckoutDeclined = "testmode.checkout.declined";
}
