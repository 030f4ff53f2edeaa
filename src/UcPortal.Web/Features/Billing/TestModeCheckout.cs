namespace UcPortal.Web.Features.Billing;

public sealed class TestCheckoutPage
{
    public required BillingCheckout Checkout { get; init; }
    public required Plan Plan { get; init; }
    public required string Company { get; init; }
    public long TotalCents => ChangePlan.Monthly(Plan, Checkout.ExtraNumbers);
}

public sealed class TestPortalPage
{
    public required Tenant Tenant { get; init; }
    public required Plan Plan { get; init; }
    public TestModeSubscription? Subscription { get; init; }
    public List<BillingInvoice> Invoices { get; init; } = [];
    public bool CanSimulate => Subscription is not null && Subscription.Status != "canceled";
}

/// <summary>The test-mode pages: the checkout with "Pay" and "Decline", and the customer portal
/// with invoices, cancellation and simulated renewals. Everything they do reaches the portal as
/// events through <see cref="TestModeWebhooks"/>. Only the checkout's own tenant gets anywhere.</summary>
public sealed class TestModeCheckout(PortalDbContext db, TestModeWebhooks webhooks)
{
    public async Task<TestCheckoutPage?> CheckoutAsync(Guid tenantId, string sessionId, CancellationToken ct)
    {
        var checkout = await FindAsync(tenantId, sessionId, ct);
        if (checkout is null)
        {
            return null;
        }
        var company = await db.Tenants.Where(t => t.Id == tenantId).Select(t => t.Name).SingleAsync(ct);
        return new TestCheckoutPage { Checkout = checkout, Plan = checkout.Plan!, Company = company };
    }

    /// <summary>"Pay": returns the checkout's id for the return page, or null when the session is not
    /// the tenant's. A second click (or a reload) sends the same events again, which change nothing.</summary>
    public async Task<Guid?> PayAsync(Guid tenantId, string sessionId, CancellationToken ct)
    {
        var checkout = await FindAsync(tenantId, sessionId, ct);
        if (checkout is null)
        {
            return null;
        }
        if (checkout.Status != CheckoutStatus.Declined)
        {
            var customerId = await db.Tenants.Where(t => t.Id == tenantId).Select(t => t.BillingCustomerId).SingleAsync(ct)
                             ?? $"tcus_{tenantId:N}";
            await webhooks.CheckoutPaidAsync(sessionId, tenantId, customerId, checkout.PlanId, checkout.ExtraNumbers, ct);
        }
        return checkout.Id;
    }

    /// <summary>"Decline": the tenant stays as it is; the return page says why.</summary>
    public async Task<Guid?> DeclineAsync(Guid tenantId, string sessionId, CancellationToken ct)
    {
        var checkout = await FindAsync(tenantId, sessionId, ct);
        if (checkout is null)
        {
            return null;
        }
        if (checkout.Status == CheckoutStatus.Open)
        {
            await webhooks.CheckoutDeclinedAsync(sessionId, ct);
        }
        return checkout.Id;
    }

    public async Task<TestPortalPage> PortalAsync(Guid tenantId, CancellationToken ct)
    {
        var tenant = await db.Tenants.AsNoTracking().Include(t => t.Plan).SingleAsync(t => t.Id == tenantId, ct);
        return new TestPortalPage
        {
            Tenant = tenant,
            Plan = tenant.Plan!,
            Subscription = await CurrentSubscriptionAsync(tenant, ct),
            Invoices = await db.BillingInvoices.AsNoTracking().Where(i => i.TenantId == tenantId)
                .OrderByDescending(i => i.CreatedAtUtc).ThenByDescending(i => i.Id).Take(BillingPages.InvoicesShown).ToListAsync(ct),
        };
    }

    /// <summary>Makes the renewal of the period ending <paramref name="periodEndUtc"/> happen now, paid or
    /// failed. A message for the page; a repeated post of the same form changes nothing.</summary>
    public async Task<string> SimulateRenewalAsync(Guid tenantId, bool paid, DateTime periodEndUtc, CancellationToken ct)
    {
        var tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == tenantId, ct);
        var subscription = await CurrentSubscriptionAsync(tenant, ct);
        if (subscription is null || !await webhooks.RenewalAsync(subscription.Id, paid, periodEndUtc, ct))
        {
            return "Nothing to renew: this period was already renewed or the subscription has ended.";
        }
        return paid
            ? "Renewal paid: invoice.paid was sent to the portal."
            : "Renewal failed: invoice.payment_failed was sent to the portal. The account is now past due.";
    }

    private Task<BillingCheckout?> FindAsync(Guid tenantId, string sessionId, CancellationToken ct) =>
        db.BillingCheckouts.AsNoTracking().Include(c => c.Plan)
            .SingleOrDefaultAsync(c => c.ProviderSessionId == sessionId && c.TenantId == tenantId, ct);

    private async Task<TestModeSubscription?> CurrentSubscriptionAsync(Tenant tenant, CancellationToken ct) =>
        tenant.SubscriptionId is null ? null
            : await db.TestModeSubscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == tenant.SubscriptionId && s.TenantId == tenant.Id, ct);
}
