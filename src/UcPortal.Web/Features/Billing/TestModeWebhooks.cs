namespace UcPortal.Web.Features.Billing;

/// <summary>What Stripe's webhooks are to the Stripe provider, this is to test mode: it builds the
/// same provider-neutral events (checkout.session.completed, invoice.paid, invoice.payment_failed,
/// customer.subscription.updated/deleted) and hands them to the same <see cref="BillingEventProcessor"/>,
/// so a test-mode upgrade runs exactly the handlers a real one runs. Event ids are unique per
/// occurrence; a repeated click sends the same ids again, which the processor ignores.</summary>
public sealed class TestModeWebhooks(BillingEventProcessor processor, TestModePaymentProvider provider, TimeProvider clock)
{
    private const string Provider = TestModePaymentProvider.ProviderName;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>"Pay" on the test checkout page: the subscription and its paid first invoice, then
    /// checkout.session.completed and invoice.paid, in Stripe's order.</summary>
    public async Task CheckoutPaidAsync(string sessionId, Guid tenantId, string customerId, int planId, int extraNumbers, CancellationToken ct)
    {
        var (subscription, invoice) = await provider.CreateSubscriptionAsync(sessionId, tenantId, customerId, planId, extraNumbers, ct);
        await processor.ProcessAsync(new CheckoutCompleted($"tevt_{sessionId}_completed", Provider, Now, sessionId, tenantId, customerId, subscription.Id), ct);
        await processor.ProcessAsync(new InvoiceEvent($"tevt_{sessionId}_invoice", Provider, BillingEventTypes.InvoicePaid, Now, invoice), ct);
    }

    /// <summary>"Decline" on the test checkout page. Stripe would keep the customer on its page; test
    /// mode reports the decline so the return page can say what happened.</summary>
    public Task CheckoutDeclinedAsync(string sessionId, CancellationToken ct) =>
        processor.ProcessAsync(new CheckoutDeclined($"tevt_{sessionId}_declined", Provider, Now, sessionId,
            "The bank refused the payment. (Test mode: you chose \"Decline\", which acts like a refused card.)"), ct);

    /// <summary>customer.subscription.updated or .deleted after a change made through the provider;
    /// run as a background job, a moment after the change, as Stripe's webhook would arrive.</summary>
    public async Task SendSubscriptionChangedAsync(string eventId, string type, string subscriptionId, CancellationToken ct)
    {
        var subscription = await provider.GetSubscriptionAsync(subscriptionId, ct);
        if (subscription is null)
        {
            return;
        }
        await processor.ProcessAsync(new SubscriptionChanged(eventId, Provider, type, Now, subscription.Id, subscription.CustomerId, subscription.TenantId), ct);
    }

    /// <summary>A simulated renewal (or, when past due, a retry of the open invoice) that is paid or
    /// fails: the invoice's event, then customer.subscription.updated. False when the subscription
    /// had already moved past <paramref name="expectedPeriodEndUtc"/> (a repeated post) or has ended.</summary>
    public async Task<bool> RenewalAsync(string subscriptionId, bool paid, DateTime expectedPeriodEndUtc, CancellationToken ct)
    {
        var renewed = await provider.RenewAsync(subscriptionId, paid, expectedPeriodEndUtc, ct);
        if (renewed is not { } r)
        {
            return false;
        }
        var id = $"tevt_{Guid.NewGuid():N}";
        await processor.ProcessAsync(new InvoiceEvent(id + "_invoice", Provider, paid ? BillingEventTypes.InvoicePaid : BillingEventTypes.InvoicePaymentFailed, Now, r.Invoice), ct);
        await processor.ProcessAsync(new SubscriptionChanged(id + "_subscription", Provider, BillingEventTypes.SubscriptionUpdated, Now,
            r.Subscription.Id, r.Subscription.CustomerId, r.Subscription.TenantId), ct);
        return true;
    }
}
