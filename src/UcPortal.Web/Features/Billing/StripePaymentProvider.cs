using UcPortal.Data.Entities;

namespace UcPortal.Web.Features.Billing;

/// <summary>Stripe through the real Stripe.net client, with the API base address from
/// <see cref="StripeOptions.ApiBase"/>. REVIEW: skeleton, being written.</summary>
public sealed class StripePaymentProvider : IPaymentProvider
{
    public string Name => "stripe";
    public bool IsTestMode => false;
    public Task<PlanSyncResult> SyncPlansAsync(IReadOnlyList<Plan> plans, CancellationToken ct) => throw new NotImplementedException();
    public Task<string> EnsureCustomerAsync(Tenant tenant, string email, CancellationToken ct) => throw new NotImplementedException();
    public Task<CheckoutStart> StartCheckoutAsync(CheckoutRequest request, CancellationToken ct) => throw new NotImplementedException();
    public Task<string> CreateCustomerPortalUrlAsync(string customerId, string returnUrl, CancellationToken ct) => throw new NotImplementedException();
    public Task<SubscriptionSnapshot?> GetSubscriptionAsync(string subscriptionId, CancellationToken ct) => throw new NotImplementedException();
    public Task<SubscriptionSnapshot> ChangeSubscriptionAsync(string subscriptionId, Plan plan, int extraNumbers, CancellationToken ct) => throw new NotImplementedException();
    public Task<SubscriptionSnapshot> SetCancelAtPeriodEndAsync(string subscriptionId, bool cancel, CancellationToken ct) => throw new NotImplementedException();
    public Task<SubscriptionSnapshot> CancelNowAsync(string subscriptionId, CancellationToken ct) => throw new NotImplementedException();
    public Task<IReadOnlyList<InvoiceSnapshot>> ListInvoicesAsync(string customerId, int limit, CancellationToken ct) => throw new NotImplementedException();
}
