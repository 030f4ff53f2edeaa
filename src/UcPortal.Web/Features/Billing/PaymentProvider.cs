namespace UcPortal.Web.Features.Billing;

/// <summary>Everything the portal asks of a payment provider. Two implementations: Stripe (through
/// the real Stripe.net client, API base address configurable) and the built-in test mode used by the
/// embedded default. Both report back through <see cref="BillingEventProcessor"/>.</summary>
public interface IPaymentProvider
{
    /// <summary>"stripe" or "test"; stored with each event and shown to staff.</summary>
    string Name { get; }
    bool IsTestMode { get; }

    /// <summary>Creates or finds (by lookup key / metadata) the product and prices of each plan and
    /// writes their ids onto the plans; the caller saves. Running it twice creates nothing new.</summary>
    Task<PlanSyncResult> SyncPlansAsync(IReadOnlyList<Plan> plans, CancellationToken ct);

    /// <summary>The tenant's one customer at the provider: the stored id, or a new customer
    /// (tenant id in its metadata). The caller stores the id on the tenant.</summary>
    Task<string> EnsureCustomerAsync(Tenant tenant, string email, CancellationToken ct);

    /// <summary>A hosted checkout for a subscription to the plan (plus extra numbers). The same
    /// idempotency key gives the same session.</summary>
    Task<CheckoutStart> StartCheckoutAsync(CheckoutRequest request, CancellationToken ct);

    /// <summary>A customer-portal session (card, invoices, cancellation) for the tenant's customer.</summary>
    Task<string> CreateCustomerPortalUrlAsync(string customerId, string returnUrl, CancellationToken ct);

    /// <summary>The subscription as the provider holds it now; null when it does not exist.</summary>
    Task<SubscriptionSnapshot?> GetSubscriptionAsync(string subscriptionId, CancellationToken ct);

    /// <summary>Moves the subscription to another plan and/or number of extra numbers, with proration.</summary>
    Task<SubscriptionSnapshot> ChangeSubscriptionAsync(string subscriptionId, Plan plan, int extraNumbers, CancellationToken ct);

    /// <summary>Sets or clears "cancel at period end".</summary>
    Task<SubscriptionSnapshot> SetCancelAtPeriodEndAsync(string subscriptionId, bool cancel, CancellationToken ct);

    /// <summary>Ends the subscription now (dunning gave up); no further invoices.</summary>
    Task<SubscriptionSnapshot> CancelNowAsync(string subscriptionId, CancellationToken ct);

    /// <summary>The customer's most recent invoices, newest first.</summary>
    Task<IReadOnlyList<InvoiceSnapshot>> ListInvoicesAsync(string customerId, int limit, CancellationToken ct);
}

public sealed record PlanSyncResult(int ProductsCreated, int PricesCreated, int Unchanged);

public sealed record CheckoutRequest(
    Guid TenantId,
    string CustomerId,
    Plan Plan,
    int ExtraNumbers,
    string IdempotencyKey,
    /// <summary>Where the provider sends the browser after paying; the provider appends its session id if it can.</summary>
    string SuccessUrl,
    string CancelUrl);

public sealed record CheckoutStart(string SessionId, string Url);

/// <summary>A subscription as the provider reports it. <see cref="PlanCode"/> comes from the plan
/// price's lookup key or metadata, never from our own guess.</summary>
public sealed record SubscriptionSnapshot(
    string Id,
    string CustomerId,
    Guid? TenantId,
    string Status,
    string? PlanCode,
    int ExtraNumbers,
    DateTime CurrentPeriodStartUtc,
    DateTime CurrentPeriodEndUtc,
    bool CancelAtPeriodEnd)
{
    /// <summary>Statuses in which the customer has paid for service.</summary>
    public bool IsInGoodStanding => Status is "active" or "trialing";
    public bool IsPastDue => Status is "past_due" or "unpaid";
    public bool IsEnded => Status is "canceled" or "incomplete_expired";
}

public sealed record InvoiceSnapshot(
    string Id,
    string CustomerId,
    string? SubscriptionId,
    string Number,
    DateTime CreatedUtc,
    long AmountCents,
    string Currency,
    string Status,
    string? PdfUrl,
    string? HostedUrl,
    DateTime? PeriodEndUtc,
    /// <summary>How many times payment was attempted (1 for the first failure).</summary>
    int AttemptCount);

/// <summary>Lookup keys and metadata that tie provider objects to ours.</summary>
public static class PlanLookupKeys
{
    public static string Product(Plan plan) => $"ucportal-plan-{plan.Code}";
    public static string MonthlyPrice(Plan plan) => $"ucportal-{plan.Code}-monthly-{plan.Currency.ToLowerInvariant()}-{plan.MonthlyPriceCents}";
    public static string ExtraNumberPrice(Plan plan) => $"ucportal-{plan.Code}-extra-number-{plan.Currency.ToLowerInvariant()}-{plan.ExtraNumberPriceCents}";

    /// <summary>Metadata keys set on Stripe objects.</summary>
    public const string PlanCodeKey = "plan_code";
    public const string PriceKindKey = "price_kind";
    public const string TenantIdKey = "tenant_id";
}
