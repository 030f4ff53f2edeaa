using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Hangfire;

namespace UcPortal.Web.Features.Billing;

/// <summary>The built-in test mode, used when no Stripe keys are set: it plays the part of Stripe
/// with its subscriptions in the portal database (<see cref="TestModeSubscription"/>), its own
/// checkout page (<c>/billing/test-checkout/{session}</c>) and customer portal (<c>/billing/test-portal</c>).
/// Nobody is ever charged.
///
/// Like Stripe it is an outside system: each call commits its own state in a unit of work of its
/// own, so a caller's staged changes are never saved by it. Like Stripe it reports back only through
/// events handed to <see cref="BillingEventProcessor"/> (see <see cref="TestModeWebhooks"/>); changes
/// made through this interface send customer.subscription.updated a few seconds later as a background
/// job, the way Stripe's webhook arrives after the API call has answered.</summary>
public sealed class TestModePaymentProvider(IServiceScopeFactory scopes, TimeProvider clock, IBackgroundJobClient jobs) : IPaymentProvider
{
    public const string ProviderName = "test";

    /// <summary>How long after a change its customer.subscription.updated/deleted event is sent.</summary>
    public static readonly TimeSpan WebhookDelay = TimeSpan.FromSeconds(3);

    public string Name => ProviderName;
    public bool IsTestMode => true;

    /// <summary>The test checkout page of a session.</summary>
    public static string CheckoutUrl(string sessionId) => $"/billing/test-checkout/{sessionId}";

    /// <summary>A session id made from the idempotency key: the same key always names the same
    /// session, so two racing requests cannot make two (Stripe keeps the key for 24 hours).</summary>
    public static string SessionIdFor(string idempotencyKey) => "tcs_" + Hash(idempotencyKey);

    /// <summary>The subscription a paid session creates; one per session however often "Pay" is clicked.</summary>
    public static string SubscriptionIdFor(string sessionId) => "tsub_" + Hash(sessionId);

    public Task<PlanSyncResult> SyncPlansAsync(IReadOnlyList<Plan> plans, CancellationToken ct) =>
        // Test mode prices straight from the plans table: there is nothing to copy anywhere.
        Task.FromResult(new PlanSyncResult(0, 0, plans.Count));

    public Task<string> EnsureCustomerAsync(Tenant tenant, string email, CancellationToken ct) =>
        Task.FromResult(tenant.BillingCustomerId ?? $"tcus_{tenant.Id:N}");

    public Task<CheckoutStart> StartCheckoutAsync(CheckoutRequest request, CancellationToken ct)
    {
        // The session's plan and extra numbers are those of the portal's BillingCheckout row with the
        // same idempotency key (unique); the test checkout page reads them from there.
        var sessionId = SessionIdFor(request.IdempotencyKey);
        return Task.FromResult(new CheckoutStart(sessionId, CheckoutUrl(sessionId)));
    }

    public Task<string> CreateCustomerPortalUrlAsync(string customerId, string returnUrl, CancellationToken ct) =>
        Task.FromResult("/billing/test-portal");

    public async Task<SubscriptionSnapshot?> GetSubscriptionAsync(string subscriptionId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var sub = await db.TestModeSubscriptions.SingleOrDefaultAsync(s => s.Id == subscriptionId, ct);
        if (sub is null)
        {
            return null;
        }
        // As at Stripe, a subscription set to cancel at period end is cancelled once the period is over.
        if (sub.CancelAtPeriodEnd && sub.Status != "canceled" && clock.GetUtcNow().UtcDateTime >= sub.CurrentPeriodEndUtc)
        {
            sub.Status = "canceled";
            await db.SaveChangesAsync(ct);
        }
        return await SnapshotAsync(db, sub, ct);
    }

    public async Task<SubscriptionSnapshot> ChangeSubscriptionAsync(string subscriptionId, Plan plan, int extraNumbers, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(extraNumbers);
        return await UpdateAsync(subscriptionId, BillingEventTypes.SubscriptionUpdated, sub =>
        {
            RequireNotEnded(sub);
            sub.PlanId = plan.Id;
            sub.ExtraNumbers = extraNumbers;
        }, ct);
    }

    public Task<SubscriptionSnapshot> SetCancelAtPeriodEndAsync(string subscriptionId, bool cancel, CancellationToken ct) =>
        UpdateAsync(subscriptionId, BillingEventTypes.SubscriptionUpdated, sub =>
        {
            RequireNotEnded(sub);
            sub.CancelAtPeriodEnd = cancel;
        }, ct);

    public Task<SubscriptionSnapshot> CancelNowAsync(string subscriptionId, CancellationToken ct) =>
        UpdateAsync(subscriptionId, BillingEventTypes.SubscriptionDeleted, sub => sub.Status = "canceled", ct);

    public async Task<IReadOnlyList<InvoiceSnapshot>> ListInvoicesAsync(string customerId, int limit, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        // Test mode keeps no invoices of its own: they are the ones its events stored in the portal.
        var tenantId = await db.Tenants.Where(t => t.BillingCustomerId == customerId).Select(t => (Guid?)t.Id).SingleOrDefaultAsync(ct);
        if (tenantId is null)
        {
            return [];
        }
        var rows = await db.BillingInvoices.AsNoTracking()
            .Where(i => i.TenantId == tenantId)
            .OrderByDescending(i => i.CreatedAtUtc).ThenByDescending(i => i.Id)
            .Take(limit)
            .ToListAsync(ct);
        var subscriptionId = await db.Tenants.Where(t => t.Id == tenantId).Select(t => t.SubscriptionId).SingleAsync(ct);
        return rows.Select(i => new InvoiceSnapshot(i.ProviderInvoiceId, customerId, subscriptionId, i.Number, i.CreatedAtUtc, i.AmountCents,
            i.Currency, i.Status, i.PdfUrl, i.HostedUrl, i.PeriodEndUtc, 1)).ToList();
    }

    /// <summary>"Pay" on the test checkout page: the subscription (one month from now) and its first,
    /// paid invoice. Idempotent: a second call for the same session returns the same subscription.</summary>
    public async Task<(SubscriptionSnapshot Subscription, InvoiceSnapshot Invoice)> CreateSubscriptionAsync(
        string sessionId, Guid tenantId, string customerId, int planId, int extraNumbers, CancellationToken ct)
    {
        var id = SubscriptionIdFor(sessionId);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var sub = await db.TestModeSubscriptions.SingleOrDefaultAsync(s => s.Id == id, ct);
        if (sub is null)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            sub = new TestModeSubscription
            {
                Id = id, CustomerId = customerId, TenantId = tenantId, PlanId = planId, ExtraNumbers = extraNumbers,
                Status = "active", CurrentPeriodStartUtc = now, CurrentPeriodEndUtc = now.AddMonths(1), CreatedAtUtc = now,
            };
            db.TestModeSubscriptions.Add(sub);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // The other click of a double click created it a moment ago.
                db.ChangeTracker.Clear();
                sub = await db.TestModeSubscriptions.SingleAsync(s => s.Id == id, ct);
            }
        }
        var snapshot = await SnapshotAsync(db, sub, ct);
        var plan = await db.Plans.AsNoTracking().SingleAsync(p => p.Id == sub.PlanId, ct);
        return (snapshot, Invoice(sub, plan, sub.CreatedAtUtc, sub.CreatedAtUtc, sub.CreatedAtUtc.AddMonths(1), "paid", 1));
    }

    /// <summary>A renewal, as Stripe makes one at the end of a period: the period moves on a month and
    /// its invoice is paid, or fails (the subscription is then past due). When the subscription is
    /// already past due, this is the retry of its open invoice instead. <paramref name="expectedPeriodEndUtc"/>
    /// makes a repeated form post harmless: a subscription already past that period is left alone.</summary>
    public async Task<(SubscriptionSnapshot Subscription, InvoiceSnapshot Invoice)?> RenewAsync(
        string subscriptionId, bool paid, DateTime expectedPeriodEndUtc, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var sub = await db.TestModeSubscriptions.SingleOrDefaultAsync(s => s.Id == subscriptionId, ct);
        if (sub is null || sub.Status == "canceled" || sub.CurrentPeriodEndUtc != expectedPeriodEndUtc)
        {
            return null;
        }
        var plan = await db.Plans.AsNoTracking().SingleAsync(p => p.Id == sub.PlanId, ct);
        var retry = sub.Status == "past_due";
        if (!retry)
        {
            sub.CurrentPeriodStartUtc = sub.CurrentPeriodEndUtc;
            sub.CurrentPeriodEndUtc = sub.CurrentPeriodEndUtc.AddMonths(1);
        }
        sub.Status = paid ? "active" : "past_due";
        await db.SaveChangesAsync(ct);
        var invoice = Invoice(sub, plan, clock.GetUtcNow().UtcDateTime, sub.CurrentPeriodStartUtc, sub.CurrentPeriodEndUtc, paid ? "paid" : "open", retry ? 2 : 1);
        return (await SnapshotAsync(db, sub, ct), invoice);
    }

    private async Task<SubscriptionSnapshot> UpdateAsync(string subscriptionId, string eventType, Action<TestModeSubscription> change, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var sub = await db.TestModeSubscriptions.SingleOrDefaultAsync(s => s.Id == subscriptionId, ct)
                  ?? throw new InvalidOperationException($"Test-mode subscription {subscriptionId} does not exist.");
        change(sub);
        await db.SaveChangesAsync(ct);
        var eventId = $"tevt_{Guid.NewGuid():N}";
        // A few seconds later, as Stripe's webhook would arrive: by then the caller has applied the
        // returned snapshot itself, and the event confirms it without a second history line.
        jobs.Schedule<TestModeWebhooks>(w => w.SendSubscriptionChangedAsync(eventId, eventType, subscriptionId, CancellationToken.None), WebhookDelay);
        return await SnapshotAsync(db, sub, ct);
    }

    private static void RequireNotEnded(TestModeSubscription sub)
    {
        if (sub.Status == "canceled")
        {
            throw new InvalidOperationException($"Test-mode subscription {sub.Id} is cancelled and can no longer change.");
        }
    }

    private static async Task<SubscriptionSnapshot> SnapshotAsync(PortalDbContext db, TestModeSubscription sub, CancellationToken ct)
    {
        var planCode = await db.Plans.Where(p => p.Id == sub.PlanId).Select(p => p.Code).SingleOrDefaultAsync(ct);
        return new SubscriptionSnapshot(sub.Id, sub.CustomerId, sub.TenantId, sub.Status, planCode, sub.ExtraNumbers,
            sub.CurrentPeriodStartUtc, sub.CurrentPeriodEndUtc, sub.CancelAtPeriodEnd);
    }

    /// <summary>The invoice of one period. Its id and number come from the subscription and the period,
    /// so the same period's invoice (a first payment, a retry) is always the same invoice.</summary>
    private static InvoiceSnapshot Invoice(TestModeSubscription sub, Plan plan, DateTime createdUtc, DateTime periodStartUtc, DateTime periodEndUtc, string status, int attempts)
    {
        var id = "tin_" + Hash($"{sub.Id}|{periodStartUtc.Ticks}");
        var number = $"TEST-{Hash(sub.Id)[..6].ToUpperInvariant()}-{periodStartUtc.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";
        var amount = (long)plan.MonthlyPriceCents + (long)sub.ExtraNumbers * plan.ExtraNumberPriceCents;
        return new InvoiceSnapshot(id, sub.CustomerId, sub.Id, number, createdUtc, amount, plan.Currency, status,
            $"/billing/test-invoices/{id}.pdf", null, periodEndUtc, attempts);
    }

    private static string Hash(string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..24];
}
