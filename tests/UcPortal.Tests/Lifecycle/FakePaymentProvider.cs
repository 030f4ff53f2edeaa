using UcPortal.Data.Entities;
using UcPortal.Web.Features.Billing;

namespace UcPortal.Tests.Lifecycle;

/// <summary>A payment provider that holds subscriptions and invoices the way Stripe does, on the
/// test's clock: a renewal advances the period whether or not it is paid, a failed renewal leaves
/// an open invoice and makes the subscription past_due, paying it makes it active again,
/// CancelNowAsync ends it for good, and a subscription set to cancel at period end is canceled
/// once its period is over. The test calls the methods a customer or Stripe's retries would cause;
/// what the portal hears about them (webhooks) the test sends through BillingEventProcessor itself,
/// or leaves out to play a missed webhook.</summary>
public sealed class FakePaymentProvider(TimeProvider clock) : IPaymentProvider
{
    public const int PeriodDays = 30;
    public const long MonthlyCents = 2900;

    private readonly object _gate = new();
    private readonly Dictionary<string, Subscription> _subscriptions = [];
    private readonly List<InvoiceSnapshot> _invoices = [];
    private int _next;

    public string Name => "test";
    public bool IsTestMode => true;

    /// <summary>How many times the portal cancelled a subscription at once (dunning gave up).</summary>
    public int CancelNowCalls { get; private set; }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The customer paid a checkout: an active subscription and its first invoice, paid.</summary>
    public (SubscriptionSnapshot Subscription, InvoiceSnapshot Invoice) Subscribe(Guid tenantId, string planCode)
    {
        lock (_gate)
        {
            var n = ++_next;
            var sub = new Subscription
            {
                Id = $"sub_fake{n}", CustomerId = $"cus_fake{n}", TenantId = tenantId, PlanCode = planCode,
                Status = "active", PeriodStart = Now, PeriodEnd = Now.AddDays(PeriodDays),
            };
            _subscriptions[sub.Id] = sub;
            return (sub.Snapshot(), AddInvoice(sub, "paid"));
        }
    }

    /// <summary>The renewal at the end of the period could not be charged: the period moves on, its
    /// invoice stays open, the subscription is past_due.</summary>
    public InvoiceSnapshot FailRenewal(string subscriptionId)
    {
        lock (_gate)
        {
            var sub = _subscriptions[subscriptionId];
            sub.PeriodStart = sub.PeriodEnd;
            sub.PeriodEnd = sub.PeriodEnd.AddDays(PeriodDays);
            sub.Status = "past_due";
            return AddInvoice(sub, "open");
        }
    }

    /// <summary>A retry (or the customer's new card) paid the open invoice: the subscription is active again.</summary>
    public InvoiceSnapshot PayOpenInvoice(string subscriptionId)
    {
        lock (_gate)
        {
            var sub = _subscriptions[subscriptionId];
            var index = _invoices.FindLastIndex(i => i.SubscriptionId == subscriptionId && i.Status == "open");
            var paid = _invoices[index] with { Status = "paid", AttemptCount = _invoices[index].AttemptCount + 1 };
            _invoices[index] = paid;
            sub.Status = "active";
            return paid;
        }
    }

    /// <summary>Changes the status behind the portal's back (a webhook the portal never got).</summary>
    public void SetStatus(string subscriptionId, string status)
    {
        lock (_gate)
        {
            _subscriptions[subscriptionId].Status = status;
        }
    }

    public Task<SubscriptionSnapshot?> GetSubscriptionAsync(string subscriptionId, CancellationToken ct)
    {
        lock (_gate)
        {
            if (!_subscriptions.TryGetValue(subscriptionId, out var sub))
            {
                return Task.FromResult<SubscriptionSnapshot?>(null);
            }
            if (sub.CancelAtPeriodEnd && Now >= sub.PeriodEnd && sub.Status != "canceled")
            {
                sub.Status = "canceled";
            }
            return Task.FromResult<SubscriptionSnapshot?>(sub.Snapshot());
        }
    }

    public Task<SubscriptionSnapshot> SetCancelAtPeriodEndAsync(string subscriptionId, bool cancel, CancellationToken ct)
    {
        lock (_gate)
        {
            var sub = _subscriptions[subscriptionId];
            sub.CancelAtPeriodEnd = cancel;
            return Task.FromResult(sub.Snapshot());
        }
    }

    public Task<SubscriptionSnapshot> CancelNowAsync(string subscriptionId, CancellationToken ct)
    {
        lock (_gate)
        {
            var sub = _subscriptions[subscriptionId];
            if (sub.Status == "canceled")
            {
                // Stripe refuses to cancel a canceled subscription; the portal must not ask twice.
                throw new InvalidOperationException($"Subscription {subscriptionId} is already canceled");
            }
            CancelNowCalls++;
            sub.Status = "canceled";
            foreach (var (invoice, i) in _invoices.Select((x, i) => (x, i)).Where(x => x.x.SubscriptionId == subscriptionId && x.x.Status == "open").ToList())
            {
                _invoices[i] = invoice with { Status = "void" };
            }
            return Task.FromResult(sub.Snapshot());
        }
    }

    public Task<IReadOnlyList<InvoiceSnapshot>> ListInvoicesAsync(string customerId, int limit, CancellationToken ct)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<InvoiceSnapshot>>(
                _invoices.Where(i => i.CustomerId == customerId).OrderByDescending(i => i.CreatedUtc).ThenByDescending(i => i.Id, StringComparer.Ordinal).Take(limit).ToList());
        }
    }

    /// <summary>What the provider holds, for "the second run changed nothing" snapshots.</summary>
    public string Describe()
    {
        lock (_gate)
        {
            return string.Join(";", _subscriptions.Values.OrderBy(s => s.Id, StringComparer.Ordinal).Select(s => $"{s.Id}:{s.Status}:{s.PeriodEnd:O}:{s.CancelAtPeriodEnd}")) +
                   $"|invoices {string.Join(",", _invoices.Select(i => i.Status))}|cancels {CancelNowCalls}";
        }
    }

    public Task<PlanSyncResult> SyncPlansAsync(IReadOnlyList<Plan> plans, CancellationToken ct) => Task.FromResult(new PlanSyncResult(0, 0, plans.Count));

    public Task<string> EnsureCustomerAsync(Tenant tenant, string email, CancellationToken ct) => Task.FromResult(tenant.BillingCustomerId ?? $"cus_fake_{tenant.Id:N}");

    public Task<CheckoutStart> StartCheckoutAsync(CheckoutRequest request, CancellationToken ct) =>
        Task.FromResult(new CheckoutStart($"cs_fake_{request.IdempotencyKey}", "http://pay.test/checkout"));

    public Task<string> CreateCustomerPortalUrlAsync(string customerId, string returnUrl, CancellationToken ct) => Task.FromResult("http://pay.test/portal");

    public Task<SubscriptionSnapshot> ChangeSubscriptionAsync(string subscriptionId, Plan plan, int extraNumbers, CancellationToken ct) =>
        throw new NotSupportedException("Plan changes are not part of the lifecycle tests");

    private InvoiceSnapshot AddInvoice(Subscription sub, string status)
    {
        var number = $"FAKE-{++_next:D4}";
        var invoice = new InvoiceSnapshot($"in_fake{_next}", sub.CustomerId, sub.Id, number, Now, MonthlyCents, "usd", status,
            null, null, sub.PeriodEnd, 1);
        _invoices.Add(invoice);
        return invoice;
    }

    private sealed class Subscription
    {
        public string Id { get; init; } = "";
        public string CustomerId { get; init; } = "";
        public Guid TenantId { get; init; }
        public string PlanCode { get; init; } = "";
        public string Status { get; set; } = "";
        public DateTime PeriodStart { get; set; }
        public DateTime PeriodEnd { get; set; }
        public bool CancelAtPeriodEnd { get; set; }

        public SubscriptionSnapshot Snapshot() => new(Id, CustomerId, TenantId, Status, PlanCode, 0, PeriodStart, PeriodEnd, CancelAtPeriodEnd);
    }
}
