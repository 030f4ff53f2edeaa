using UcPortal.Data.Entities;

namespace UcPortal.Web.Features.Billing;

/// <summary>The built-in test mode: its own checkout page with "pay" and "decline", subscriptions kept in
/// the portal database. REVIEW: skeleton, being written.</summary>
public sealed class TestModePaymentProvider : IPaymentProvider
{
    public string Name => "test";
    public bool IsTestMode => true;
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
